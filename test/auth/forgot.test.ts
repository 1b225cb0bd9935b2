/**
 * "Forgot your password?" for every user: the same answer whether the address has an account or not, a one-hour
 * single-use link mailed (through a real SMTP server) in the user's language, throttled, and every other session ended
 * once the new password is chosen.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserToken } from "../../src/auth/user-tokens";
import { auditEvents, jobs, loginThrottles, mailMessages, users } from "../../src/db/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { expectSignedOut, fieldBlock, freshIp, linkToken, newPassword, sessionsOf } from "../helpers/auth";
import { startSmtpServer } from "../helpers/smtp";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  // TRUST_PROXY on, so each test asks from an address of its own and the throttle of one never meets another's.
  t = await createTestApp({
    trustProxy: true,
    mail: { smtpUrl: smtp.url, from: "Roundtable <crm@example.org>" },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** The mail that reached `to`, once it has (the worker polls every 200 ms). */
async function mailTo(to: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const arrived = smtp.received.find((item) => item.envelopeTo.includes(to));
    if (arrived) return arrived.mail;
    if (Date.now() > deadline) throw new Error(`no mail reached ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Once every reset request queued so far has been looked at by the worker. */
async function resetsHandled() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const waiting = await t.db.$count(
      jobs,
      and(eq(jobs.kind, "password_reset"), inArray(jobs.status, ["queued", "running"])),
    );
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error("reset requests still waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ask = (email: string, ip = freshIp()) =>
  t.client().post("/forgot-password", { email }, { "x-forwarded-for": ip });

/** The page's text with the address typed taken out, to compare the answers for two addresses. */
const answerWithout = async (response: Response, email: string) =>
  (await response.text()).replaceAll(email, "…");

describe("forgot password", () => {
  it("mails a link in the user's language that sets a new password once and ends every other session", async () => {
    const user = await t.createTestUser("staff", {
      email: "aynur.forgot@example.org",
      name: "Aynur Həsənova",
    });
    await t.db.update(users).set({ locale: "az" }).where(eq(users.id, user.id));
    // Signed in elsewhere before: that session ends with the reset.
    const elsewhere = t.client();
    await elsewhere.post("/login", { email: user.email, password: "correct horse battery" });
    expect(await sessionsOf(t.db, user.id)).toHaveLength(1);

    const login = await t.client().get("/login");
    expect(await login.text()).toContain('href="/forgot-password"');
    const answer = await ask("Aynur.Forgot@example.org");
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("a link to choose a new password is on its way");

    const mail = await mailTo("aynur.forgot@example.org");
    expect(mail.subject).toBe("Roundtable üçün yeni şifrə seçin");
    expect(mail.text).toContain("Salam, Aynur Həsənova!");
    expect(mail.text).toContain("60 dəqiqə");
    const token = linkToken(mail.text ?? "");
    expect(mail.text).toContain(`${t.config.publicUrl}/set-password?token=${token}`);

    const person = t.client();
    expect((await person.get(`/set-password?token=${token}`)).status).toBe(200);
    const saved = await person.post("/set-password", {
      token,
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(saved.status).toBe(303);
    await expectSignedOut(elsewhere);
    expect(await sessionsOf(t.db, user.id)).toHaveLength(1);
    const again = await t
      .client()
      .post("/set-password", { token, password: newPassword, passwordConfirm: newPassword });
    expect(again.status).toBe(410);
    const signIn = await t.client().post("/login", { email: user.email, password: newPassword });
    expect(signIn.status).toBe(303);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["user.reset_requested", "user.password_set.password_reset"]),
    );
  });

  it("answers an unknown or disabled address exactly as a known one, and mails nobody", async () => {
    const known = await t.createTestUser("staff", { email: "known.forgot@example.org" });
    const disabled = await t.createTestUser("staff", { email: "disabled.forgot@example.org" });
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    const knownAnswer = await ask(known.email);
    const unknownAnswer = await ask("nobody.forgot@example.org");
    const disabledAnswer = await ask(disabled.email);
    await resetsHandled();
    expect([unknownAnswer.status, disabledAnswer.status]).toEqual([knownAnswer.status, knownAnswer.status]);
    const expected = await answerWithout(knownAnswer, known.email);
    expect(await answerWithout(unknownAnswer, "nobody.forgot@example.org")).toBe(expected);
    expect(await answerWithout(disabledAnswer, disabled.email)).toBe(expected);
    const queued = await t.db.select({ to: mailMessages.toAddress }).from(mailMessages);
    expect(queued.map((message) => message.to)).toContain(known.email);
    expect(queued.map((message) => message.to)).not.toContain("nobody.forgot@example.org");
    expect(queued.map((message) => message.to)).not.toContain(disabled.email);
  });

  it("refuses a link older than an hour", async () => {
    const user = await t.createTestUser("staff");
    const token = await createUserToken(
      t.db,
      user.id,
      "password_reset",
      null,
      new Date(Date.now() - 61 * 60_000),
    );
    expect((await t.client().get(`/set-password?token=${token}`)).status).toBe(410);
  });

  it("mails an account at most three links an hour, however the requests are spread", async () => {
    const user = await t.createTestUser("staff", { email: "often.forgot@example.org" });
    for (let request = 0; request < 5; request++) expect((await ask(user.email)).status).toBe(200);
    await resetsHandled();
    const mails = await t.db.select().from(mailMessages).where(eq(mailMessages.toAddress, user.email));
    expect(mails).toHaveLength(3);
  });

  it("holds back requests for an address while its throttle is on, saying how long to wait, and queues nothing", async () => {
    const email = "held.forgot@example.org";
    await t.createTestUser("staff", { email });
    // As five quick requests leave it: the address is locked for a while.
    await t.db
      .insert(loginThrottles)
      .values({ key: `reset:${email}`, failures: 9, lockedUntil: new Date(Date.now() + 10 * 60_000) });
    const jobsBefore = await t.db.$count(jobs, eq(jobs.kind, "password_reset"));
    const held = await ask(email);
    expect(held.status).toBe(429);
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(await held.text()).toContain("Too many links were asked for");
    expect(await t.db.$count(jobs, eq(jobs.kind, "password_reset"))).toBe(jobsBefore);
  });

  it("says what is wrong with an address that is not one, and mails nothing", async () => {
    const before = await t.db.$count(mailMessages);
    const refused = await ask("not an address");
    expect(refused.status).toBe(422);
    expect(fieldBlock(await refused.text(), "email")).toContain("email address");
    expect(await t.db.$count(mailMessages)).toBe(before);
  });
});
