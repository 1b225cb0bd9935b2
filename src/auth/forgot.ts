/**
 * "Forgot your password?": a one-hour, single-use link by mail to an enabled account's address. The answer is the
 * same whether such an account exists or not, and requests are throttled per address typed and per client, so the
 * form neither tells who has an account nor sends a flood of mail.
 */
import { recordAudit } from "../audit/queries";
import type { Db } from "../db/client";
import { createTranslator, isLocale, type Locale } from "../i18n";
import { queueMail } from "../mail/outgoing";
import { reserveAttempt } from "./throttle";
import { createUserToken, setPasswordLink, tokenLifetimes } from "./user-tokens";
import { findUserByEmail, normalizeEmail } from "./users";

export type ResetRequest = { sent: true } | { sent: false; retryAfter: number };

export async function requestPasswordReset(
  db: Db,
  email: string,
  request: { ip: string; locale: Locale; publicUrl: string; requestId: string },
): Promise<ResetRequest> {
  const keys = { account: `reset:${normalizeEmail(email)}`, address: `reset-ip:${request.ip}` };
  const reservation = await reserveAttempt(db, keys);
  if (!reservation.allowed) return { sent: false, retryAfter: reservation.retryAfter };
  await db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || user.disabledAt) return;
    const token = await createUserToken(tx, user.id, "password_reset", null);
    // In the language they chose, else the one they asked in.
    const { t } = createTranslator(isLocale(user.locale) ? user.locale : request.locale);
    await queueMail(tx, {
      to: user.email,
      subject: t("forgot.mailSubject"),
      body: t("forgot.mailBody", {
        name: user.name,
        link: setPasswordLink(request.publicUrl, token),
        minutes: tokenLifetimes.password_reset / 60_000,
      }),
    });
    await recordAudit(tx, {
      userId: null,
      action: "user.reset_requested",
      entityType: "user",
      entityId: user.id,
      requestId: request.requestId,
    });
  });
  return { sent: true };
}
