/** The forms of signing in and setting passwords; error messages are translation keys. */
import { z } from "zod";
import { checkPasswordRules } from "./password";

export const email = z.string().trim().min(1, "form.required").email("form.email").max(254, "form.tooLong");
export const name = z.string().trim().min(1, "form.required").max(200, "form.tooLong");

const newPassword = z.string().superRefine((value, ctx) => {
  const problem = checkPasswordRules(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A new password typed twice; a mismatch is reported on the confirmation field. */
const newPasswordTwice = { password: newPassword, passwordConfirm: z.string() };
const confirmed = (form: { password: string; passwordConfirm: string }) =>
  form.password === form.passwordConfirm;
const mismatch = { message: "password.mismatch", path: ["passwordConfirm"] };

export const loginSchema = z.object({
  email: z.string().trim().max(254).default(""),
  password: z.string().max(1024).default(""),
  next: z.string().optional(),
});

export const forgotPasswordSchema = z.object({ email });

const token = z.string().min(1);
export const setupSchema = z.object({ token, name, email, ...newPasswordTwice }).refine(confirmed, mismatch);
export const setPasswordSchema = z.object({ token, ...newPasswordTwice }).refine(confirmed, mismatch);
export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "form.required"), ...newPasswordTwice })
  .refine(confirmed, mismatch);

/**
 * Only a local path may be a redirect target after sign-in ("/people?q=x", never "//evil.example").
 * Control characters and backslashes are refused anywhere: browsers drop tabs and newlines and read a
 * backslash as "/", so "/\t/evil.example" would leave the site.
 */
export function safeNextPath(next: string | undefined): string {
  return next && /^\/(?![/\\])[^\p{Cc}\\]*$/u.test(next) ? next : "/";
}
