/**
 * Outgoing mail through a real SMTP server (smtp-server on a local port): sent by the worker with the text intact in
 * the region's scripts, refusals recorded and retried until the tries run out; without a server, kept in the admins'
 * outbox, escaped, and shown to nobody else.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client";
import { jobs, mailMessages } from "../../src/db/schema";
import {
  forgetOldMail,
  getMailMessage,
  type MailMessage,
  mailKeptMs,
  mailTextKeptMs,
  queueMail,
} from "../../src/mail/outgoing";
import { createTestApp, type TestApp } from "../helpers/app";
import { startSmtpServer } from "../helpers/smtp";

/** The message once `done` says it has reached the state looked for (the worker polls every 200 ms). */
async function messageWhen(
  db: Db,
  id: number,
  done: (message: MailMessage) => boolean,
): Promise<MailMessage> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const message = await getMailMessage(db, id);
    if (message && done(message)) return message;
    if (Date.now() > deadline) throw new Error(`message ${id} stayed ${JSON.stringify(message)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The job with this key once `done` says it has reached the state looked for. */
async function jobWhen(db: Db, key: string, done: (job: typeof jobs.$inferSelect) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [job] = await db.select().from(jobs).where(eq(jobs.key, key));
    if (job && done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${key} stayed ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("with a mail server", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer({
      refuse: (address) => {
        if (address.startsWith("nobody@")) return { code: 550, text: "No such mailbox here" };
        if (address.startsWith("busy@")) return { code: 451, text: "Mailbox busy, try later" };
        return undefined;
      },
    });
    t = await createTestApp({ mail: { smtpUrl: smtp.url, from: "Roundtable <crm@example.org>" } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it("sends a queued message with its Azerbaijani and Russian text intact, and keeps no text once it is sent", async () => {
    const body =
      "Salam, Ləman Əliyeva!\nСсылка действует час: https://crm.example.org/set-password?token=abc123";
    const id = await queueMail(t.db, {
      to: "leman@example.org",
      subject: "Şifrənizi yeniləyin / Сброс пароля",
      body,
    });
    const sent = await messageWhen(t.db, id, (message) => message.status === "sent");
    const arrived = smtp.received.find((item) => item.envelopeTo.includes("leman@example.org"));
    expect(arrived?.mail.subject).toBe("Şifrənizi yeniləyin / Сброс пароля");
    expect(arrived?.mail.text?.trim()).toBe(body);
    expect(arrived?.mail.from?.text).toBe('"Roundtable" <crm@example.org>');
    // The one-time link went to its owner and is not kept beside the address.
    expect(sent.body).toBeNull();
    expect(sent.sentAt).not.toBeNull();
  });

  it("marks a message the server refuses for good (5xx) not sent at once, its text gone, without trying again", async () => {
    const id = await queueMail(t.db, {
      to: "nobody@example.org",
      subject: "Refused",
      body: "No one to read it",
    });
    const failed = await messageWhen(t.db, id, (message) => message.status === "failed");
    expect(failed.error).toContain("No such mailbox here");
    expect(failed.body).toBeNull();
    expect((await jobWhen(t.db, `mail:${id}`, (row) => row.status === "done")).attempts).toBe(1);
    expect(smtp.received.some((item) => item.envelopeTo.includes("nobody@example.org"))).toBe(false);
  });

  it("records a passing refusal (4xx), tries again later, and marks the message not sent when its tries are used up", async () => {
    const id = await queueMail(t.db, { to: "busy@example.org", subject: "Busy", body: "Kept until sent" });
    // The first try is refused: the message says why and keeps its text, its job waits to try again.
    const job = await jobWhen(t.db, `mail:${id}`, (row) => row.status === "queued" && row.attempts === 1);
    const refused = await getMailMessage(t.db, id);
    expect(refused?.status).toBe("queued");
    expect(refused?.error).toContain("Mailbox busy, try later");
    expect(refused?.body).toBe("Kept until sent");
    // Its last try comes due now, and is refused too: the message is marked not sent, and its text goes.
    await t.db
      .update(jobs)
      .set({ attempts: job.maxAttempts - 1, runAt: new Date() })
      .where(eq(jobs.id, job.id));
    const failed = await messageWhen(t.db, id, (message) => message.status === "failed");
    expect(failed.error).toContain("Mailbox busy, try later");
    expect(failed.body).toBeNull();
    expect((await jobWhen(t.db, `mail:${id}`, (row) => row.status === "failed")).attempts).toBe(
      job.maxAttempts,
    );
  });
});

describe("without a mail server", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("keeps the message in the outbox, where an admin reads its text escaped, and nobody else sees it", async () => {
    const id = await queueMail(t.db, {
      to: "partner@example.org",
      subject: "Confirm your address",
      body: "Open <b>this</b> link: https://crm.example.org/confirm?token=xyz",
    });
    await messageWhen(t.db, id, (message) => message.status === "kept");
    const { client: admin } = await t.loginAs("admin");
    const page = await admin.get("/admin/outbox");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No mail server is set (SMTP_URL)");
    expect(html).toContain("partner@example.org");
    expect(html).toContain("Confirm your address");
    expect(html).toContain("Open &lt;b&gt;this&lt;/b&gt; link: https://crm.example.org/confirm?token=xyz");
    expect(html).not.toContain("<b>this</b>");
    expect(html).toContain("Waiting here");
    const { client: coordinator } = await t.loginAs("coordinator");
    const refused = await coordinator.get("/admin/outbox");
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("partner@example.org");
    const [stored] = await t.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    expect(stored?.body).toContain("token=xyz");
  });

  it("empties a waiting message's text once any link in it is dead, and forgets it a month on, unless still sending", async () => {
    const kept = await queueMail(t.db, { to: "old@example.org", subject: "Old", body: "Old text" });
    await messageWhen(t.db, kept, (message) => message.status === "kept");
    // Still waiting for its job (inserted without one, so no worker sends it meanwhile).
    const [sending] = await t.db
      .insert(mailMessages)
      .values({ toAddress: "slow@example.org", subject: "Slow", body: "Slow text" })
      .returning({ id: mailMessages.id });
    const sendingId = sending?.id ?? 0;
    await forgetOldMail(t.db, new Date(Date.now() + mailTextKeptMs - 60_000));
    expect((await getMailMessage(t.db, kept))?.body).toBe("Old text");
    await forgetOldMail(t.db, new Date(Date.now() + mailTextKeptMs + 60_000));
    expect(await getMailMessage(t.db, kept)).toMatchObject({ status: "kept", body: null, subject: "Old" });
    await forgetOldMail(t.db, new Date(Date.now() + mailKeptMs + 60_000));
    expect(await getMailMessage(t.db, kept)).toBeUndefined();
    expect((await getMailMessage(t.db, sendingId))?.body).toBe("Slow text");
  });
});
