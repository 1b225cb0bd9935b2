// Bundles the server and the CLI into dist/ with esbuild: one file each starts faster than hundreds of modules.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entries = ["server", "cli"];
const sources = ["src", "seed", "drizzle", "package.json", "package-lock.json"];

export function bundlePath(entry) {
  return join(root, "dist", `${entry}.mjs`);
}

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** True when a bundle is missing or older than any source file. */
export function bundlesAreStale() {
  const built = Math.min(
    ...entries.map((entry) => {
      try {
        return statSync(bundlePath(entry)).mtimeMs;
      } catch {
        return 0;
      }
    }),
  );
  return sources.some((source) => newestChange(join(root, source)) > built);
}

export async function bundle() {
  await bundleEntries(
    Object.fromEntries(entries.map((entry) => [entry, join(root, "src", `${entry}.ts`)])),
    join(root, "dist"),
  );
}

/** Bundles entry points (name → source file) into `outdir` as the app's own bundles are (a benchmark's, too). */
export async function bundleEntries(entryPoints, outdir) {
  // Imported here, not at the top: a start with a fresh bundle should not pay for loading esbuild.
  const { build } = await import("esbuild");
  await build({
    entryPoints,
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    // PGlite loads its WebAssembly and data files from its own package folder; argon2 is a native addon.
    external: ["@electric-sql/pglite", "@electric-sql/pglite/*", "@node-rs/argon2"],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    sourcemap: "linked",
    logLevel: "warning",
  });
}
