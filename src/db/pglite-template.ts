/**
 * A freshly initialised and migrated PGlite data folder, made once per installation (`npm ci` runs `prepare`), so a
 * first start copies it instead of running initdb and every migration (3–4 s on this kind of machine). Without it,
 * PGlite runs initdb as usual.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { projectPath } from "../paths";

// The package does not export its package.json, so it is read from where npm installs it.
const pgliteVersion: string = JSON.parse(
  readFileSync(projectPath("node_modules", "@electric-sql", "pglite", "package.json"), "utf8"),
).version;

export const pgliteTemplatePath = projectPath(
  "node_modules",
  ".cache",
  "roundtable",
  `pglite-${pgliteVersion}.tar`,
);

/** The template's bytes when dataDir holds no database yet and a template was made, else undefined. */
export function templateFor(dataDir: string | undefined): Blob | undefined {
  if (!dataDir || existsSync(join(dataDir, "PG_VERSION")) || !existsSync(pgliteTemplatePath))
    return undefined;
  return new Blob([readFileSync(pgliteTemplatePath)]);
}

export async function writePgliteTemplate(fresh: PGlite): Promise<void> {
  // Uncompressed (about 40 MB): reading it is faster than unzipping it in JavaScript.
  const dump = await fresh.dumpDataDir("none");
  mkdirSync(dirname(pgliteTemplatePath), { recursive: true });
  writeFileSync(pgliteTemplatePath, new Uint8Array(await dump.arrayBuffer()));
}
