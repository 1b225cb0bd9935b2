/**
 * How much garbage the process lets pile up (decision 21). After each full collection V8 lets the heap grow to as
 * much as four times what survived before it collects again; an import that streams a long file through chunks
 * (each one garbage soon after) then takes 480 MB to hold 100 MB of live data. Capping the growth at half again what
 * survived keeps it near 280 MB, for a few more full collections.
 */
import { setFlagsFromString } from "node:v8";

export const heapGrowingPercent = 50;

/** Called first thing by the server, the command line and the import benchmark. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
