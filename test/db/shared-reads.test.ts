/**
 * Shared reads (`shared-reads.ts`): requests that arrive while a read for their key is running wait for the next
 * run, one for all of them, so no answer comes from a run that began before its request; nothing is kept after.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { sharedRead } from "../../src/db/shared-reads";

/** A read whose runs the test finishes by hand, numbered in the order they began. */
function controlledRead() {
  const finishers: ((value: string) => void)[] = [];
  const failers: ((error: Error) => void)[] = [];
  const read = () =>
    new Promise<string>((resolve, reject) => {
      const run = finishers.length + 1;
      finishers.push(() => resolve(`run ${run}`));
      failers.push(reject);
    });
  return {
    read,
    began: () => finishers.length,
    finish: async (run: number) => {
      finishers[run - 1]?.("");
      // Let the promise callbacks that start the next run go.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    fail: async (run: number) => {
      failers[run - 1]?.(new Error(`run ${run} failed`));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
  };
}

describe("sharedRead", () => {
  it("gives requests that arrive during a run the next run, one for all of them, begun after they arrived", async () => {
    const db = {} as Db;
    const { read, began, finish } = controlledRead();
    const first = sharedRead(db, "overview 2025", read);
    const second = sharedRead(db, "overview 2025", read);
    const third = sharedRead(db, "overview 2025", read);
    expect(began()).toBe(1);
    await finish(1);
    expect(await first).toBe("run 1");
    // The second run began when the first ended, after the second and third requests arrived.
    expect(began()).toBe(2);
    const fourth = sharedRead(db, "overview 2025", read);
    await finish(2);
    expect(await second).toBe("run 2");
    expect(await third).toBe("run 2");
    // The fourth arrived while the second run was going: it gets a third run, not the second's answer.
    expect(began()).toBe(3);
    await finish(3);
    expect(await fourth).toBe("run 3");
    expect(began()).toBe(3);
  });

  it("keeps nothing once a run is over: a later request reads again", async () => {
    const db = {} as Db;
    const { read, began, finish } = controlledRead();
    const first = sharedRead(db, "k", read);
    await finish(1);
    expect(await first).toBe("run 1");
    const later = sharedRead(db, "k", read);
    expect(began()).toBe(2);
    await finish(2);
    expect(await later).toBe("run 2");
  });

  it("never shares between keys or between databases", async () => {
    const [one, other] = [{} as Db, {} as Db];
    const { read, began, finish } = controlledRead();
    const answers = [sharedRead(one, "a", read), sharedRead(one, "b", read), sharedRead(other, "a", read)];
    expect(began()).toBe(3);
    for (const run of [1, 2, 3]) await finish(run);
    expect(await Promise.all(answers)).toEqual(["run 1", "run 2", "run 3"]);
  });

  it("fails only the requests of the failed run; those waiting for the next get it", async () => {
    const db = {} as Db;
    const { read, began, finish, fail } = controlledRead();
    const first = sharedRead(db, "k", read);
    const second = sharedRead(db, "k", read);
    const failed = expect(first).rejects.toThrow("run 1 failed");
    await fail(1);
    await failed;
    expect(began()).toBe(2);
    await finish(2);
    expect(await second).toBe("run 2");
  });
});
