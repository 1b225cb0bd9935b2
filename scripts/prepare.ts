// npm runs this after `npm ci`/`npm install`: makes the migrated PGlite template for a fast first start, and bundles the app.
import { createPglite } from "../src/db/client";
import { migratePglite } from "../src/db/migrate";
import { writePgliteTemplate } from "../src/db/pglite-template";
import { bundle } from "./bundle.mjs";

const fresh = createPglite();
await fresh.waitReady;
// Migrated too: a first start then only checks the migrations (any added since are applied as usual).
await migratePglite(fresh);
await writePgliteTemplate(fresh);
await fresh.close();
await bundle();
