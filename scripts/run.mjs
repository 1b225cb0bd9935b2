// Runs the server or the CLI from its bundle, rebuilding it first when a source file changed (about 0.2 s).
import { pathToFileURL } from "node:url";
import { bundle, bundlePath, bundlesAreStale } from "./bundle.mjs";

export async function runEntry(entry) {
  if (bundlesAreStale()) await bundle();
  await import(pathToFileURL(bundlePath(entry)).href);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry] = process.argv.splice(2, 1);
  if (entry !== "server" && entry !== "cli") {
    process.stderr.write("usage: node scripts/run.mjs server|cli [arguments]\n");
    process.exit(1);
  }
  await runEntry(entry);
}
