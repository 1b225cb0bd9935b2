/** Every test file: an unexpected console.error fails the test (as in the Epic Stack). */
import { afterEach, beforeEach, vi } from "vitest";

let errors: unknown[][] = [];
beforeEach(() => {
  errors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (errors.length > 0) {
    throw new Error(
      `Unexpected console.error: ${errors.map((args) => args.map(String).join(" ")).join("\n")}`,
    );
  }
});
