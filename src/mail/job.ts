/** The `mail` job: sends one queued message through SMTP, or keeps it in the outbox when no server is set. */
import { createTransport, type Transporter } from "nodemailer";
import type { MailSettings } from "../config";
import type { JobHandler } from "../jobs/run";
import { getMailMessage, markMail } from "./outgoing";

/** Hands one message to the mail server; throws why it was refused. */
type SendMail = (message: { from: string; to: string; subject: string; text: string }) => Promise<unknown>;

/** Sends through the SMTP server of `smtpUrl`, one connection per message, waiting at most seconds, not minutes. */
function smtpSender(smtpUrl: string): SendMail {
  let transport: Transporter | undefined;
  return (message) => {
    transport ??= createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return transport.sendMail(message);
  };
}

/**
 * Why the server refused, short and without the message: the SMTP code and the server's reply (which may name the
 * address), never the text, which can hold a one-time link.
 */
function refusalOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const { code, response } = error as { code?: string; response?: string };
  return [code, response ?? error.message].filter(Boolean).join(": ").slice(0, 300);
}

/** A refusal the server gives for good (an SMTP 5xx reply); a 4xx or a lost connection is worth another try. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export function mailJob(settings: MailSettings): JobHandler {
  const send = settings.smtpUrl ? smtpSender(settings.smtpUrl) : undefined;
  return {
    run: async (payload, { db, log }) => {
      const id = Number(payload.messageId);
      const message = await getMailMessage(db, id);
      // Already sent, kept or given up: nothing to do. A worker that died between handing it to the server and
      // marking it sends it again on the retry (SMTP cannot be asked what arrived): a message twice, never none.
      if (message?.status !== "queued") return;
      if (!send) {
        await markMail(db, id, { status: "kept" });
        log.info("mail kept in the outbox: no SMTP_URL is set", { messageId: id });
        return;
      }
      try {
        await send({
          from: settings.from,
          to: message.toAddress,
          subject: message.subject,
          text: message.body ?? "",
        });
      } catch (error) {
        const refusal = refusalOf(error);
        // 5xx: the server will never take it (no such mailbox, say); trying again changes nothing.
        if (isPermanent(error)) {
          await markMail(db, id, { status: "failed", error: refusal });
          log.warn("mail refused for good", { messageId: id });
          return;
        }
        await markMail(db, id, { error: refusal });
        throw new Error(`the mail server refused message ${id}: ${refusal}`);
      }
      await markMail(db, id, { status: "sent" });
      log.info("mail sent", { messageId: id });
    },
    giveUp: async (payload, { db }) => {
      const id = Number(payload.messageId);
      const message = await getMailMessage(db, id);
      // Its text goes too: a link in it must not wait here for anyone. The last refusal, if any, stays as the reason.
      await markMail(db, id, { status: "failed", error: message?.error ?? null });
    },
  };
}
