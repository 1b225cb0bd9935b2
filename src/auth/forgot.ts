/**
 * "Forgot your password?": a one-hour, single-use link by mail to an enabled account's address. The request only
 * queues a `password_reset` job, the same few writes whatever the address, so neither the answer nor its timing tells
 * who has an account; the job looks the account up and mails the link. Requests are throttled per address typed and
 * per client, and an account gets at most three links an hour however the requests are spread.
 */
import { and, count, eq, gt } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Config } from "../config";
import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";
import { createTranslator, isLocale, type Locale } from "../i18n";
import { enqueueJob } from "../jobs/queue";
import type { JobHandler } from "../jobs/run";
import { queueMail } from "../mail/outgoing";
import { reserveAttempt } from "./throttle";
import { createUserToken, setPasswordLink, tokenLifetimes } from "./user-tokens";
import { findUserByEmail, normalizeEmail } from "./users";

export type ResetRequest = { queued: true } | { queued: false; retryAfter: number };

export async function requestPasswordReset(
  db: Db,
  email: string,
  request: { ip: string; locale: Locale; requestId: string },
): Promise<ResetRequest> {
  const address = normalizeEmail(email);
  const reservation = await reserveAttempt(db, {
    account: `reset:${address}`,
    address: `reset-ip:${request.ip}`,
  });
  if (!reservation.allowed) return { queued: false, retryAfter: reservation.retryAfter };
  await enqueueJob(db, {
    kind: "password_reset",
    payload: { email: address, locale: request.locale, requestId: request.requestId },
  });
  return { queued: true };
}

/** The most links one account is mailed in an hour. */
export const resetMailsPerHour = 3;
const hour = 60 * 60 * 1000;

/** Mails the link, when the address is an enabled account's that has not had its links for the hour. */
export function passwordResetJob(config: Pick<Config, "publicUrl">): JobHandler {
  return {
    run: async (payload, { db }) => {
      const locale = isLocale(payload.locale) ? payload.locale : "en";
      await db.transaction(async (tx) => {
        const user = await findUserByEmail(tx, String(payload.email));
        if (!user || user.disabledAt) return;
        const [sent] = await tx
          .select({ total: count() })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.action, "user.reset_requested"),
              eq(auditEvents.entityType, "user"),
              eq(auditEvents.entityId, user.id),
              gt(auditEvents.createdAt, new Date(Date.now() - hour)),
            ),
          );
        if (Number(sent?.total ?? 0) >= resetMailsPerHour) return;
        const token = await createUserToken(tx, user.id, "password_reset", null);
        // In the language they chose, else the one they asked in.
        const { t } = createTranslator(isLocale(user.locale) ? user.locale : locale);
        await queueMail(tx, {
          to: user.email,
          subject: t("forgot.mailSubject"),
          body: t("forgot.mailBody", {
            name: user.name,
            link: setPasswordLink(config.publicUrl, token),
            minutes: tokenLifetimes.password_reset / 60_000,
          }),
        });
        await recordAudit(tx, {
          userId: null,
          action: "user.reset_requested",
          entityType: "user",
          entityId: user.id,
          requestId: typeof payload.requestId === "string" ? payload.requestId : null,
        });
      });
    },
  };
}
