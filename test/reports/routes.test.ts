/** /reports/… through the app: who may see the reports, the figures on the page, CSV downloads, and bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programmes } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertParticipation, insertPerson } from "../helpers/records";

let t: TestApp;
let manager: Client;
let staff: Client;
let coordinator: Client;
let anonymous: Client;
let programme: number;

const formulaTitle = '=HYPERLINK("x")';
const markupTitle = "<script>alert(1)</script> & <b>Forum</b>";

/*
 * Programme "Reports routes test": formula-titled seminar 2026-04-10 (Ada, Ben attended), markup-titled training
 * 2026-06-01 (Ada attended, Cem registered). In 2026: 2 activities, 3 attended participations, 2 unique people, both new.
 */
beforeAll(async () => {
  t = await createTestApp();
  ({ client: manager } = await t.loginAs("manager"));
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  anonymous = t.client();
  const [row] = await t.db
    .insert(programmes)
    .values({ name: "Reports routes test" })
    .returning({ id: programmes.id });
  programme = row?.id as number;
  const seminar = await insertActivity(t.db, {
    title: formulaTitle,
    kind: "seminar",
    startDate: "2026-04-10",
    programmeId: programme,
  });
  const training = await insertActivity(t.db, {
    title: markupTitle,
    kind: "training",
    startDate: "2026-06-01",
    programmeId: programme,
  });
  const ada = await insertPerson(t.db, { fullName: "Ada Routestest" });
  const ben = await insertPerson(t.db, { fullName: "Ben Routestest" });
  const cem = await insertPerson(t.db, { fullName: "Cem Routestest" });
  await insertParticipation(t.db, { activityId: seminar, personId: ada, status: "attended" });
  await insertParticipation(t.db, { activityId: seminar, personId: ben, status: "attended" });
  await insertParticipation(t.db, { activityId: training, personId: ada, status: "attended" });
  await insertParticipation(t.db, { activityId: training, personId: cem, status: "registered" });
});
afterAll(async () => {
  await t?.close();
});

const scoped = (path: string, more = "") =>
  `${path}?from=2026-01-01&to=2026-10-31&programme=${programme}${more ? `&${more}` : ""}`;

/** The headline figures of a report page, label → the number shown. */
function figuresOf(html: string): Record<string, string> {
  const figures: Record<string, string> = {};
  for (const [, label, value] of html.matchAll(/<dt>([^<]*)<\/dt><dd>(?:<a [^>]*>)?([^<]*)/g)) {
    figures[label ?? ""] = value ?? "";
  }
  return figures;
}

/** The lines of a CSV body, without its BOM. */
const csvLines = (text: string) => text.replace(/^\uFEFF/, "").split("\r\n");

describe("who may see the reports", () => {
  it("shows a manager the overview with its figures", async () => {
    const response = await manager.get(scoped("/reports/overview"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(figuresOf(html)).toEqual({
      "Activities held": "2",
      "Participations (attended)": "3",
      "Unique people": "2",
      "New people": "2",
      "Returning people": "0",
    });
  });

  it("refuses staff and coordinators", async () => {
    expect((await staff.get(scoped("/reports/overview"))).status).toBe(403);
    expect((await coordinator.get(scoped("/reports/overview"))).status).toBe(403);
    expect((await coordinator.get(scoped("/reports/records", "of=people"))).status).toBe(403);
  });

  it("sends a visitor who is not signed in to the login page", async () => {
    const response = await anonymous.get(scoped("/reports/overview"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/login\?next=/);
  });
});

describe("CSV downloads", () => {
  it("downloads a table of the overview as UTF-8 with a BOM", async () => {
    const response = await manager.get(scoped("/reports/overview", "format=csv&table=by-kind"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvLines(new TextDecoder().decode(bytes));
    expect(lines[0]).toBe("Kind,Activities,Participations (attended),Unique people");
    // One row per kind held: the seminar reached Ada and Ben (2 attended), the training Ada (Cem only registered).
    expect(lines.slice(1).sort()).toEqual(["Seminar,1,2,2", "Training,1,1,1"]);
  });

  it("neutralises a formula-like activity title with a leading apostrophe", async () => {
    const response = await manager.get(scoped("/reports/records", "of=activities&format=csv"));
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvLines(new TextDecoder().decode(bytes));
    const line = lines.find((candidate) => candidate.includes("HYPERLINK"));
    expect(line).toBe(`"'=HYPERLINK(""x"")",Seminar,2026-04-10,2`);
    expect(lines.some((candidate) => candidate.startsWith("=") || candidate.startsWith('"='))).toBe(false);
  });

  it("answers 404 for a table the report does not have", async () => {
    const response = await manager.get(scoped("/reports/overview", "format=csv&table=no-such-table"));
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/csv/);
  });
});

describe("bad input", () => {
  it("answers 404 for an unknown report", async () => {
    expect((await manager.get(scoped("/reports/no-such-report"))).status).toBe(404);
  });

  it("drops an impossible date rather than failing, keeping the other one", async () => {
    const response = await manager.get(
      `/reports/overview?from=2026-13-45&to=2026-10-31&programme=${programme}`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    // The bad `from` is dropped (as if not given: from the beginning of the programme or the records); `to` is kept.
    const from = /<input id="filter-from" name="from" type="date" value="(\d{4}-\d{2}-\d{2})"/.exec(
      html,
    )?.[1];
    expect(from).toBeDefined();
    expect((from ?? "9999") <= "2026-10-31").toBe(true);
    expect(html).toContain('<input id="filter-to" name="to" type="date" value="2026-10-31"');
    expect(html).not.toContain("2026-13-45");
    expect(figuresOf(html)["Activities held"]).toBe("2");
  });

  it("escapes markup in an activity title on the list of activities", async () => {
    const response = await manager.get(scoped("/reports/records", "of=activities"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<b>Forum</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Forum&lt;/b&gt;");
  });
});

// Last in this file: it adds an activity to the programme.
describe("the same report asked for by several managers at once", () => {
  it("gives each the report's figures, and those asking after a change see the change", async () => {
    const together = () =>
      Promise.all(Array.from({ length: 6 }, () => manager.get(scoped("/reports/overview"))));
    const before = await together();
    for (const page of before) {
      expect(page.status).toBe(200);
      expect(figuresOf(await page.text())).toMatchObject({ "Activities held": "2", "Unique people": "2" });
    }
    const workshop = await insertActivity(t.db, {
      title: "Shared reads workshop",
      kind: "workshop",
      startDate: "2026-07-01",
      programmeId: programme,
    });
    const dan = await insertPerson(t.db, { fullName: "Dan Routestest" });
    await insertParticipation(t.db, { activityId: workshop, personId: dan, status: "attended" });
    for (const page of await together()) {
      expect(figuresOf(await page.text())).toMatchObject({
        "Activities held": "3",
        "Participations (attended)": "4",
        "Unique people": "3",
        "New people": "3",
      });
    }
  });
});
