/** Runs once per test run: migrates one PGlite and dumps it, so each test file starts from a copy in ~1 s instead of initdb + migrate. */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { createPglite, pgliteDatabase } from "../../src/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const client = createPglite();
  await pgliteDatabase(client).migrate();
  const dump = await client.dumpDataDir("none");
  await client.close();
  const path = join(tmpdir(), `roundtable-test-template-${process.pid}.tar`);
  writeFileSync(path, new Uint8Array(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", path);
}
