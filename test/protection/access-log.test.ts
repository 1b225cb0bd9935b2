/**
 * The access log: a page that shows someone's community or displacement status, and every download, leave one row
 * with who, what and the people; a coordinator reads a person's log, an admin everyone's.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, auditEvents, people } from "../../src/db/schema";
import { exportCommand } from "../../src/exports/cli";
import { recordAccess } from "../../src/protection/access-log";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertPerson } from "../helpers/records";

let t: TestApp;
type Signed = { client: Client; user: { id: number; name: string } };
let coordinator: Signed;
let staff: Signed;
let manager: Signed;
let admin: Signed;
let leyla: number;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.loginAs("coordinator");
  staff = await t.loginAs("staff");
  manager = await t.loginAs("manager");
  admin = await t.loginAs("admin");
  leyla = await insertPerson(t.db, {
    fullName: "Leyla Həsənova",
    community: "Meskhetian Turks",
    displacementStatus: "idp",
  });
});
afterAll(async () => {
  await t?.close();
});

function entriesOf(userId: number | null) {
  return t.db
    .select()
    .from(accessLog)
    .where(userId === null ? sql`${accessLog.userId} is null` : eq(accessLog.userId, userId))
    .orderBy(desc(accessLog.id));
}

describe("seeing sensitive fields", () => {
  it("a coordinator opening a person with a community leaves one view with that person", async () => {
    const before = await entriesOf(coordinator.user.id);
    const response = await coordinator.client.get(`/people/${leyla}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Meskhetian Turks");
    const after = await entriesOf(coordinator.user.id);
    const added = after.slice(0, after.length - before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ kind: "view", what: "person", personIds: [leyla] });
  });

  it("staff opening the same page see no value, and nothing is logged", async () => {
    const response = await staff.client.get(`/people/${leyla}`);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("Meskhetian Turks");
    expect(await entriesOf(staff.user.id)).toEqual([]);
  });

  it("a person with no community or displacement status shows nothing sensitive: nothing is logged", async () => {
    const plain = await insertPerson(t.db, { fullName: "Plain Person" });
    const before = (await entriesOf(coordinator.user.id)).length;
    expect((await coordinator.client.get(`/people/${plain}`)).status).toBe(200);
    expect(await entriesOf(coordinator.user.id)).toHaveLength(before);
  });

  it("the edit form and the history showing a community change are logged as views", async () => {
    const { client, user } = await t.loginAs("coordinator");
    const form = await client.get(`/people/${leyla}/edit`);
    expect(await form.text()).toContain("Meskhetian Turks");
    // A change of community in the history, values shown to coordinators.
    await t.db.insert(auditEvents).values({
      action: "person.updated",
      entityType: "person",
      entityId: leyla,
      before: { community: "Meskhetian Turks" },
      after: { community: "Ahiska Turks" },
    });
    const history = await client.get(`/people/${leyla}/history`);
    expect(await history.text()).toContain("Ahiska Turks");
    const whats = (await entriesOf(user.id)).map((entry) => entry.what);
    expect(whats).toContain("person.edit");
    expect(whats).toContain("person.history");
    // Staff see the history with the values withheld: no entry.
    expect((await staff.client.get(`/people/${leyla}/history`)).status).toBe(200);
    expect(await entriesOf(staff.user.id)).toEqual([]);
  });

  it("the people list filtered by community logs the people it lists", async () => {
    const other = await insertPerson(t.db, { fullName: "Rauf Ahıska", community: "Lezgins" });
    const also = await insertPerson(t.db, { fullName: "Zaur Lezgin", community: "lezgins" });
    await insertPerson(t.db, { fullName: "Not Listed", community: "Talysh" });
    const { client, user } = await t.loginAs("coordinator");
    const response = await client.get("/people?community=Lezgins");
    expect(response.status).toBe(200);
    const [entry] = await entriesOf(user.id);
    expect(entry?.what).toBe("people.list");
    expect([...(entry?.personIds ?? [])].sort((a, b) => a - b)).toEqual([other, also].sort((a, b) => a - b));
    // Unfiltered, the list shows no sensitive field.
    const before = (await entriesOf(user.id)).length;
    await client.get("/people");
    expect(await entriesOf(user.id)).toHaveLength(before);
  });
});

describe("downloads", () => {
  it("a manager's people CSV leaves one export row holding exactly the people exported, and the audit event", async () => {
    const tagged = [
      await insertPerson(t.db, { fullName: "Export One", tags: ["batch-2026"] }),
      await insertPerson(t.db, { fullName: "Export Two", tags: ["batch-2026"] }),
      await insertPerson(t.db, { fullName: "Export Three", tags: ["batch-2026"] }),
    ];
    await insertPerson(t.db, { fullName: "Not Exported", tags: ["other"] });
    const audits = await t.db.$count(auditEvents, eq(auditEvents.action, "export.csv"));
    const response = await manager.client.get("/people?format=csv&tag=batch-2026");
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain("Export Two");
    expect(csv).not.toContain("Not Exported");
    const entries = await entriesOf(manager.user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "export", what: "person.csv" });
    expect([...(entries[0]?.personIds ?? [])].sort((a, b) => a - b)).toEqual(tagged);
    expect(await t.db.$count(auditEvents, eq(auditEvents.action, "export.csv"))).toBe(audits + 1);
  });

  it("a refused download leaves no row", async () => {
    expect((await staff.client.get("/people?format=csv")).status).toBe(403);
    expect(await entriesOf(staff.user.id)).toEqual([]);
  });

  it("the command line's export is logged without a user, as the command line's", async () => {
    const folder = mkdtempSync(join(tmpdir(), "access-log-"));
    try {
      const out = join(folder, "people.xlsx");
      await exportCommand(t.db, "people", out);
      expect(readFileSync(out).length).toBeGreaterThan(0);
      const [entry] = await entriesOf(null);
      const everyone = await t.db.$count(people);
      expect(entry).toMatchObject({ kind: "export", what: "cli:person.xlsx" });
      expect(entry?.personIds).toHaveLength(everyone);
      expect(entry?.personIds).toContain(leyla);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("tens of thousands of ids go in one row", async () => {
    const many = Array.from({ length: 70_000 }, (_, index) => 1_000_000 + index);
    await recordAccess(t.db, { userId: admin.user.id, kind: "export", what: "big.csv", personIds: many });
    const [entry] = await t.db
      .select({ count: sql<number>`cardinality(${accessLog.personIds})`.mapWith(Number) })
      .from(accessLog)
      .where(and(eq(accessLog.userId, admin.user.id), eq(accessLog.what, "big.csv")));
    expect(entry?.count).toBe(70_000);
  });
});

describe("a person's log", () => {
  it("shows a coordinator who saw and who downloaded, newest first; staff are refused", async () => {
    const response = await coordinator.client.get(`/people/${leyla}/access-log`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(coordinator.user.name);
    expect(html).toContain("The person&#39;s page");
    expect(html).toContain("Command line");
    // The command-line export is newer than the coordinator's first view.
    expect(html.indexOf("Command line")).toBeLessThan(html.lastIndexOf(coordinator.user.name));
    expect((await staff.client.get(`/people/${leyla}/access-log`)).status).toBe(403);
  });

  it("the person's page links to it for coordinators, not for staff", async () => {
    const link = `href="/people/${leyla}/access-log"`;
    expect(await (await coordinator.client.get(`/people/${leyla}`)).text()).toContain(link);
    expect(await (await staff.client.get(`/people/${leyla}`)).text()).not.toContain(link);
  });

  it("is paged by 50 with a link to more", async () => {
    const someone = await insertPerson(t.db, { fullName: "Often Seen" });
    for (let index = 0; index < 51; index += 1) {
      await recordAccess(t.db, { userId: admin.user.id, kind: "view", what: "person", personIds: [someone] });
    }
    const first = await (await coordinator.client.get(`/people/${someone}/access-log`)).text();
    expect(first.match(/<time /g)).toHaveLength(50);
    expect(first).toContain(`href="/people/${someone}/access-log?page=2"`);
    const second = await (await coordinator.client.get(`/people/${someone}/access-log?page=2`)).text();
    expect(second.match(/<time /g)).toHaveLength(1);
    expect(second).not.toContain("page=3");
  });

  it("answers 404 for a person who does not exist", async () => {
    expect((await coordinator.client.get("/people/99999999/access-log")).status).toBe(404);
    expect((await coordinator.client.get("/people/x/access-log")).status).toBe(404);
  });
});

/** The entries' table alone (the filter's list of users names everyone). */
function tableOf(html: string): string {
  const start = html.indexOf("<table");
  return start === -1 ? "" : html.slice(start, html.indexOf("</table>", start));
}

describe("everyone's log", () => {
  it("is refused to a manager", async () => {
    expect((await manager.client.get("/admin/access-log")).status).toBe(403);
  });

  it("filters by user for an admin, and names the people an entry covers", async () => {
    const all = await (await admin.client.get("/admin/access-log")).text();
    expect(all).toContain(manager.user.name);
    expect(all).toContain(coordinator.user.name);
    const response = await admin.client.get(`/admin/access-log?user=${manager.user.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const table = tableOf(html);
    expect(table).toContain(manager.user.name);
    expect(table).not.toContain(coordinator.user.name);
    // Three of the manager's exported people named, the rest counted.
    expect(table).toContain("Export One");
    expect(html).toContain("People list (CSV)");
  });

  it("names at most three people of an entry and counts the rest; an erased person without a name", async () => {
    const erased = await insertPerson(t.db, { fullName: "Hidden Name", erasedAt: new Date() });
    const shown = await insertPerson(t.db, { fullName: "Shown Name" });
    const others = [
      await insertPerson(t.db, { fullName: "Fourth" }),
      await insertPerson(t.db, { fullName: "Fifth" }),
    ];
    const { user } = await t.loginAs("manager");
    await recordAccess(t.db, {
      userId: user.id,
      kind: "export",
      what: "person.csv",
      personIds: [erased, shown, ...others],
    });
    const html = await (await admin.client.get(`/admin/access-log?user=${user.id}`)).text();
    expect(html).toContain("Fourth");
    expect(html).not.toContain("Hidden Name");
    expect(html).toContain("Erased person");
    expect(html).toContain(`<a href="/people/${shown}">Shown Name</a>`);
    expect(html).not.toContain("Fifth");
    expect(html).toContain("and 1 more");
  });

  it("filters by dates", async () => {
    const { user } = await t.loginAs("manager");
    await recordAccess(t.db, { userId: user.id, kind: "export", what: "old.csv", personIds: [leyla] });
    await t.db
      .update(accessLog)
      .set({ createdAt: new Date("2024-03-10T12:00:00Z") })
      .where(eq(accessLog.what, "old.csv"));
    await recordAccess(t.db, { userId: user.id, kind: "export", what: "new.csv", personIds: [leyla] });
    const march = `/admin/access-log?user=${user.id}&from=2024-03-01&to=2024-03-31`;
    const inRange = tableOf(await (await admin.client.get(march)).text());
    expect(inRange).toContain("old.csv");
    expect(inRange).not.toContain("new.csv");
    const since = `/admin/access-log?user=${user.id}&from=2024-04-01`;
    const later = tableOf(await (await admin.client.get(since)).text());
    expect(later).toContain("new.csv");
    expect(later).not.toContain("old.csv");
  });

  it("leaves out filters it cannot read, with a message, never a 500", async () => {
    const response = await admin.client.get("/admin/access-log?from=2026-13-45&user=x&to=tomorrow&page=-3");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("“2026-13-45” is not a date");
    expect(html).toContain("“tomorrow” is not a date");
    expect(html).toContain("“x” is not a user");
    // Unfiltered: a full page of everyone's entries, and more after it.
    expect(tableOf(html).match(/<time /g)).toHaveLength(50);
    expect(html).toContain('href="/admin/access-log?page=2"');
    expect(html).toContain('<input id="filter-from" name="from" type="date" value=""/>');
    const huge = await admin.client.get("/admin/access-log?user=99999999999999999999");
    expect(huge.status).toBe(200);
    expect(await huge.text()).toContain("is not a user");
  });
});
