/** Serves the app's few static files from a fixed list (no user input reaches the file system); htmx from its pinned package. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Context } from "hono";
import { projectPath } from "../paths";
import type { AppEnv } from "./env";

const require = createRequire(import.meta.url);
const files: Record<string, { path: string; type: string }> = {
  "app.css": {
    path: projectPath("static/app.css"),
    type: "text/css; charset=utf-8",
  },
  "favicon.svg": {
    path: projectPath("static/favicon.svg"),
    type: "image/svg+xml",
  },
  "htmx.min.js": {
    path: require.resolve("htmx.org/dist/htmx.min.js"),
    type: "text/javascript; charset=utf-8",
  },
};
const cache = new Map<string, Buffer>();

export function serveStaticFile(c: Context<AppEnv>): Response {
  const name = c.req.path.slice("/static/".length);
  const file = Object.hasOwn(files, name) ? files[name] : undefined;
  if (!file) return c.text("Not found", 404);
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(file.path);
    cache.set(name, body);
  }
  return c.body(new Uint8Array(body), 200, {
    "Content-Type": file.type,
    "Cache-Control": "public, max-age=3600",
  });
}
