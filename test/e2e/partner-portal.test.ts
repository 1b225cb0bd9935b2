/**
 * In a real browser, with mail going over a real SMTP server: a partner's representative asks for an account, confirms
 * the email from the mail received, a coordinator approves it for an organisation of the directory, the partner sets
 * a password from the approval mail, nominates two of the organisation's people and someone new, the coordinator
 * accepts all three, and the partner sees them registered (and is told so by mail). Ends with the partner's activity
 * page at phone width: no sideways scrolling.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { createUser } from "../../src/auth/users";
import { loadConfig } from "../../src/config";
import type { Db } from "../../src/db/client";
import { activities, affiliations, organizations, people } from "../../src/db/schema";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { openMigratedDatabase } from "../../src/startup";
import { createTestDatabase } from "../helpers/db";
import { type ServerProcess, startServerProcess } from "../helpers/server-process";
import { type ReceivedMail, startSmtpServer } from "../helpers/smtp";
import { accessibilityViolations, chromiumPath, launchBrowser, noChromiumReason } from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

const organizationName = "Qafqaz Gənclər Birliyi";
const existingPeople = ["Leyla Məmmədova", "Арам Петросян"];
const newcomer = "Giorgi Beridze";
const coordinator = { email: "tamar.coordinator@example.org", password: "a long coordinator phrase" };
const partner = {
  name: "Nigar Əliyeva",
  email: "nigar.aliyeva@example.org",
  password: "a long and private partner phrase",
};
const activityTitle = "Youth Mediation Training";
const screenshotPath = "data/scratch/partner-activity-phone.png";

/** A date some weeks from today, as YYYY-MM-DD. */
function weeksAhead(weeks: number): string {
  return new Date(Date.now() + weeks * 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** The coordinator, the organisation with its two current people, and an activity open for nominations. */
async function seed(db: Db): Promise<{ activityId: number }> {
  const passwordHash = await hashPassword(coordinator.password);
  return db.transaction(async (tx) => {
    await createUser(
      tx,
      { email: coordinator.email, name: "Tamar Kapanadze", role: "coordinator", passwordHash },
      { userId: null },
    );
    const [organization] = await tx
      .insert(organizations)
      .values({ name: organizationName, ...organizationSearchColumns({ name: organizationName }) })
      .returning({ id: organizations.id });
    for (const fullName of existingPeople) {
      const [person] = await tx
        .insert(people)
        .values({ fullName, ...personSearchColumns({ fullName, otherNames: [] }) })
        .returning({ id: people.id });
      await tx
        .insert(affiliations)
        .values({ personId: person?.id as number, organizationId: organization?.id as number });
    }
    const [activity] = await tx
      .insert(activities)
      .values({
        title: activityTitle,
        kind: "training",
        status: "planned",
        startDate: weeksAhead(6),
        city: "Tbilisi",
        nominationsOpen: true,
        capacity: 10,
      })
      .returning({ id: activities.id });
    return { activityId: activity?.id as number };
  });
}

/**
 * The database the server will use, seeded first: its own database on the PostgreSQL server when DATABASE_URL is set,
 * else an embedded one in a fresh data folder (closed again before the server opens it: PGlite is one process's).
 */
async function seededDatabase() {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    const seeded = await seed(database.db);
    return { ...seeded, env: { DATABASE_URL: database.url }, close: database.close };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "roundtable-partner-portal-"));
  const database = await openMigratedDatabase(loadConfig({ DATA_DIR: dataDir }), "partner portal test");
  try {
    const seeded = await seed(database.db);
    return { ...seeded, env: { DATA_DIR: dataDir }, close: async () => {} };
  } finally {
    await database.close();
  }
}

describe.skipIf(!chromiumPath)("the partner portal in a browser, mail over SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let database: Awaited<ReturnType<typeof seededDatabase>>;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await seededDatabase();
    server = await startServerProcess({
      ...database.env,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Roundtable <crm@example.org>",
    });
    await server.waitForOutput(/Roundtable on/);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
    await smtp?.close();
  });

  /** The mails to this address that `match`es once there are `count` of them (the worker sends them as jobs). */
  async function mailsTo(
    to: string,
    match: (mail: ReceivedMail) => boolean,
    count = 1,
  ): Promise<ReceivedMail[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = smtp.received.filter((item) => item.envelopeTo.includes(to) && match(item));
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        const subjects = smtp.received.map((item) => `${item.envelopeTo.join(",")}: ${item.mail.subject}`);
        throw new Error(
          `${found.length} of ${count} mails to ${to} arrived; received: ${subjects.join(" | ")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The link to this path in the mail's text, as the recipient would open it. */
  function linkIn(mail: ReceivedMail, path: string): string {
    const match = mail.mail.text?.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === path);
    if (!match) throw new Error(`no ${path} link in: ${mail.mail.text}`);
    expect(new URL(match).origin).toBe(server.url);
    return match;
  }

  /** Every page of the way passes axe's WCAG 2.1 AA checks. */
  async function expectAccessible(page: Page): Promise<void> {
    expect(await accessibilityViolations(page), new URL(page.url()).pathname).toEqual([]);
  }

  /** The path of the partner's first person, from their organisation's page. */
  async function personPath(page: Page): Promise<string> {
    await page.goto(`${server.url}/partner`);
    const href = await page.locator('a[href^="/partner/people/"]').first().getAttribute("href");
    if (!href) throw new Error("no person link on /partner");
    return href;
  }

  async function partnerRows(page: Page): Promise<string[]> {
    const rows = await page.locator("#own-participants li").allTextContents();
    return rows.map((row) => row.replace(/\s+/g, " ").trim()).sort();
  }

  test("sign up → confirm by mail → approved → nominate 3 → coordinator accepts → registered", async () => {
    const started = Date.now();
    const { url } = server;
    const { activityId } = database;
    const partnerContext = await browser.newContext({ locale: "en-US" });
    const coordinatorContext = await browser.newContext({ locale: "en-US" });
    try {
      const visitor = await partnerContext.newPage();
      const staff = await coordinatorContext.newPage();

      mkdirSync("data/scratch", { recursive: true });
      // The coordinator signs in through the form.
      await staff.goto(`${url}/login`);
      await staff.getByLabel("Email").fill(coordinator.email);
      await staff.getByLabel("Password").fill(coordinator.password);
      await staff.getByRole("button", { name: "Sign in" }).click();
      await staff.waitForURL(`${url}/`);

      // 1. The representative asks for an account from the sign-in page; the organisation is suggested as typed.
      await visitor.goto(`${url}/login`);
      await visitor
        .getByRole("link", { name: "A partner organisation without an account? Ask for one" })
        .click();
      await visitor.getByRole("heading", { level: 1, name: "Ask for a partner account" }).waitFor();
      await expectAccessible(visitor);
      await visitor.getByLabel("Your full name").fill(partner.name);
      await visitor.getByLabel("Email").fill(partner.email);
      const organizationField = visitor.getByLabel("Organisation", { exact: true });
      await organizationField.pressSequentially("Qafqaz");
      await visitor
        .locator(`#signup-organizations option[value="${organizationName}"]`)
        .waitFor({ state: "attached" });
      await organizationField.fill(organizationName);
      await visitor.getByRole("button", { name: "Send the request" }).click();
      await visitor.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
      await visitor.getByText(`We have sent a link to ${partner.email}.`).waitFor();
      await expectAccessible(visitor);
      expect(
        await visitor.getByText("This Roundtable sends no mail itself yet", { exact: false }).count(),
      ).toBe(0);

      // 2. The confirmation mail arrives over SMTP; its link shows a button, which confirms.
      const [confirmation] = await mailsTo(partner.email, (item) =>
        /Confirm your request/.test(item.mail.subject ?? ""),
      );
      expect(confirmation?.mail.text).toContain(organizationName);
      await visitor.goto(linkIn(confirmation as ReceivedMail, "/partner-signup/confirm"));
      await visitor.getByRole("heading", { level: 1, name: "Confirm your email" }).waitFor();
      await expectAccessible(visitor);
      await visitor.getByRole("button", { name: "Confirm my email" }).click();
      await visitor.getByRole("heading", { level: 1, name: "Thank you" }).waitFor();

      // 3. The coordinator approves it for the organisation in the directory, whose name the field already has.
      await staff.getByRole("link", { name: "Partner requests" }).click();
      await staff.getByRole("heading", { level: 1, name: "Partner requests" }).waitFor();
      await expectAccessible(staff);
      await staff.getByRole("link", { name: partner.name }).click();
      await staff.getByRole("heading", { level: 1, name: partner.name }).waitFor();
      await expectAccessible(staff);
      await staff.screenshot({ path: "data/scratch/partner-request.png", fullPage: true });
      expect(await staff.getByLabel("Organisation", { exact: true }).inputValue()).toBe(organizationName);
      await staff.getByRole("button", { name: "Approve for this organisation", exact: true }).click();
      await staff
        .getByText(`${partner.name} has a partner account now; the set-password link is on its way.`)
        .waitFor();
      expect(new URL(staff.url()).pathname).toBe("/partner-requests");

      // 4. The approval mail's link: the partner chooses a password and lands on their organisation's page.
      const [approval] = await mailsTo(partner.email, (item) =>
        /partner account is ready/.test(item.mail.subject ?? ""),
      );
      expect(approval?.mail.text).toContain(organizationName);
      await visitor.goto(linkIn(approval as ReceivedMail, "/set-password"));
      await visitor.getByRole("heading", { level: 1, name: "Choose your password" }).waitFor();
      await visitor.getByLabel("New password", { exact: true }).fill(partner.password);
      await visitor.getByLabel("New password again").fill(partner.password);
      await visitor.getByRole("button", { name: "Save password" }).click();
      await visitor.getByRole("heading", { level: 1, name: organizationName }).waitFor();
      expect(new URL(visitor.url()).pathname).toBe("/partner");
      for (const name of existingPeople) await visitor.getByRole("link", { name }).waitFor();
      await expectAccessible(visitor);

      // 5. The partner nominates both of their people and someone new.
      await visitor.getByRole("link", { name: "Activities", exact: true }).click();
      await visitor.getByRole("heading", { level: 1, name: "Activities" }).waitFor();
      await expectAccessible(visitor);
      await visitor.getByRole("link", { name: activityTitle }).click();
      await visitor.getByRole("heading", { level: 1, name: activityTitle }).waitFor();
      expect(new URL(visitor.url()).pathname).toBe(`/partner/activities/${activityId}`);
      await visitor.getByText("None of your people is on the list yet.").waitFor();
      await expectAccessible(visitor);
      for (const name of existingPeople) await visitor.getByRole("checkbox", { name }).check();
      await visitor.getByRole("group", { name: "Someone new (1)" }).getByLabel("Full name").fill(newcomer);
      await visitor.getByRole("button", { name: "Send the nominations" }).click();
      await visitor.getByText("3 nominations were sent; a coordinator will decide.").waitFor();
      expect(await partnerRows(visitor)).toEqual(
        [...existingPeople, newcomer].map((name) => `${name} · Nominated`).sort(),
      );

      // 6. The coordinator accepts each of the three.
      await staff.goto(`${url}/activities/${activityId}/nominations`);
      await staff.getByRole("heading", { level: 1, name: "Nominations" }).waitFor();
      await expectAccessible(staff);
      await staff.screenshot({ path: "data/scratch/nominations.png", fullPage: true });
      for (const name of [...existingPeople, newcomer]) {
        const accept = staff.getByRole("button", { name: `Accept ${name}`, exact: true });
        await accept.click();
        await accept.waitFor({ state: "detached" });
        await staff.getByText("Accepted: registered, and the partner was told.").waitFor();
      }
      await staff.getByText("No nomination is waiting.").waitFor();

      // 7. The partner sees all three registered, and was told so by mail.
      await visitor.reload();
      await visitor.getByRole("heading", { level: 1, name: activityTitle }).waitFor();
      expect(await partnerRows(visitor)).toEqual(
        [...existingPeople, newcomer].map((name) => `${name} · Registered`).sort(),
      );
      const registered = await mailsTo(
        partner.email,
        (item) => /registered/i.test(item.mail.subject ?? ""),
        3,
      );
      expect(registered.map((item) => item.mail.subject).sort()).toEqual(
        [...existingPeople, newcomer].map((name) => `${name} is registered for ${activityTitle}`).sort(),
      );

      // Their list downloads as a file (the page stays), with all three in it.
      const [download] = await Promise.all([
        visitor.waitForEvent("download"),
        visitor.getByRole("link", { name: "Download CSV" }).click(),
      ]);
      const csv = readFileSync(await download.path(), "utf8");
      for (const name of [...existingPeople, newcomer]) expect(csv).toContain(name);
      expect(new URL(visitor.url()).pathname).toBe(`/partner/activities/${activityId}`);

      // 8. At phone width: the same page, nothing to scroll sideways.
      await visitor.setViewportSize({ width: 390, height: 844 });
      await visitor.reload();
      await visitor.getByRole("heading", { level: 1, name: activityTitle }).waitFor();
      const widths = await visitor.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      await visitor.screenshot({ path: screenshotPath, fullPage: true });
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await expectAccessible(visitor);
      // The profile and a person's page, where the partner proposes changes, at phone width too.
      for (const path of ["/partner/profile", await personPath(visitor)]) {
        await visitor.goto(`${url}${path}`);
        await expectAccessible(visitor);
        const width = await visitor.evaluate(() => document.documentElement.scrollWidth);
        expect(width, path).toBeLessThanOrEqual(390);
      }
    } finally {
      await partnerContext.close();
      await coordinatorContext.close();
      console.log(`partner portal scenario: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }, 120_000);
});
