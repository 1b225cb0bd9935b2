/** Password hashing (argon2id, OWASP's minimum parameters) and the rules a new password must meet. */
import { readFileSync } from "node:fs";
import { hash, verify } from "@node-rs/argon2";
import type { MessageKey } from "../i18n";
import { projectPath } from "../paths";

const argon2idOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const passwordMinLength = 10;
export const passwordMaxLength = 256;

/** Common passwords of 10 characters or more (shorter ones fail the length rule anyway); see docs/decisions. */
const commonPasswords = new Set(
  readFileSync(projectPath("src/auth/common-passwords.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean),
);

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2idOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** The first rule the password breaks, as a message key, or null when it is acceptable. */
export function checkPasswordRules(password: string): MessageKey | null {
  if (password.length < passwordMinLength) return "password.tooShort";
  if (password.length > passwordMaxLength) return "password.tooLong";
  if (commonPasswords.has(password.toLowerCase())) return "password.tooCommon";
  return null;
}
