#!/usr/bin/env node
// The package's command: the CLI from its bundle (rebuilt when the sources changed).
import { runEntry } from "../scripts/run.mjs";

await runEntry("cli");
