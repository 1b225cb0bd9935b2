/** Password rules a person meets when choosing one, and argon2id hashing with OWASP's parameters. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPasswordRules, hashPassword, verifyPassword } from "../../src/auth/password";

const commonList = new Set(
  readFileSync(new URL("../../src/auth/common-passwords.txt", import.meta.url), "utf8")
    .split("\n")
    .map((line) => line.trim()),
);

describe("checkPasswordRules", () => {
  it("refuses 9 characters and accepts 10", () => {
    expect(checkPasswordRules("kura rive")).toBe("password.tooShort");
    expect(checkPasswordRules("kura river")).toBeNull();
  });

  it("refuses 257 characters and accepts 256", () => {
    const long = "correct horse battery ".repeat(12);
    expect(checkPasswordRules(long.slice(0, 257))).toBe("password.tooLong");
    expect(checkPasswordRules(long.slice(0, 256))).toBeNull();
  });

  it.each(["1234567890", "qwertyuiop", "password123"])("refuses the common password %s", (password) => {
    expect(commonList.has(password)).toBe(true);
    expect(checkPasswordRules(password)).toBe("password.tooCommon");
  });

  it("refuses a common password whatever its case", () => {
    expect(checkPasswordRules("Password123")).toBe("password.tooCommon");
    expect(checkPasswordRules("QWERTYUIOP")).toBe("password.tooCommon");
  });

  it("accepts a long passphrase", () => {
    expect(checkPasswordRules("the orchard behind Sheki in autumn")).toBeNull();
  });
});

describe("hashPassword and verifyPassword", () => {
  it("hash with argon2id, m=19456, t=2, p=1, salted", async () => {
    const first = await hashPassword("the orchard behind Sheki");
    const second = await hashPassword("the orchard behind Sheki");
    expect(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(first).not.toContain("orchard");
    expect(first).not.toBe(second);
  });

  it("accept the right password and refuse a wrong one", async () => {
    const hash = await hashPassword("the orchard behind Sheki");
    expect(await verifyPassword(hash, "the orchard behind Sheki")).toBe(true);
    expect(await verifyPassword(hash, "the orchard behind Shaki")).toBe(false);
  });

  it("refuse, without throwing, against a garbage hash", async () => {
    await expect(verifyPassword("not-a-hash", "anything at all")).resolves.toBe(false);
    await expect(verifyPassword("", "anything at all")).resolves.toBe(false);
  });
});
