/** The cache in front of the name keys: same answers as the function, each computed once, and bounded. */
import { describe, expect, it } from "vitest";
import { remembered } from "../../src/text/remembered";

describe("remembered", () => {
  it("answers as the function does, computing each value once, and forgets everything past its bound", () => {
    const asked: string[] = [];
    const upper = remembered((value) => {
      asked.push(value);
      return value.toUpperCase();
    }, 2);
    expect([upper("a"), upper("a"), upper("b")]).toEqual(["A", "A", "B"]);
    expect(asked).toEqual(["a", "b"]);
    upper("c");
    upper("a");
    expect(asked).toEqual(["a", "b", "c", "a"]);
  });
});
