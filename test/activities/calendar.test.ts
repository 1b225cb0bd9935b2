/** The month calendar: activities on the right days, filters and month links kept, bad months refused, three languages. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { programmes } from "../../src/db/schema";
import { createTranslator } from "../../src/i18n";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, sectionOf } from "../helpers/records";

let t: TestApp;
let staff: Client;
let programmeId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  const [programme] = await t.db
    .insert(programmes)
    .values({ name: "Quality of debate 2026" })
    .returning({ id: programmes.id });
  programmeId = programme?.id ?? 0;
  ids.seminar = await insertActivity(t.db, {
    title: "Seminar on minority languages",
    startDate: "2026-03-10",
    city: "Tbilisi",
    country: "GE",
    programmeId,
  });
  ids.training = await insertActivity(t.db, {
    title: "Three-day training of trainers",
    kind: "training",
    startDate: "2026-03-16",
    endDate: "2026-03-18",
  });
  ids.spanning = await insertActivity(t.db, {
    title: "Study visit across the month end",
    kind: "study_visit",
    startDate: "2026-02-27",
    endDate: "2026-03-02",
  });
  ids.cancelled = await insertActivity(t.db, {
    title: "Cancelled roundtable in Ganja",
    kind: "roundtable",
    status: "cancelled",
    startDate: "2026-03-20",
  });
  ids.january = await insertActivity(t.db, {
    title: "January workshop",
    kind: "workshop",
    startDate: "2026-01-15",
  });
  ids.april = await insertActivity(t.db, {
    title: "April conference",
    kind: "conference",
    startDate: "2026-04-03",
  });
  ids.script = await insertActivity(t.db, {
    title: "<script>alert(1)</script> Forum",
    startDate: "2026-03-25",
  });
});
afterAll(async () => {
  await t?.close();
});

/** The markup inside the grid's cell for one date. */
function cell(html: string, date: string): string {
  const match = new RegExp(`<td[^>]*data-date="${date}"[^>]*>([\\s\\S]*?)</td>`).exec(html);
  if (!match) throw new Error(`no cell for ${date}`);
  return match[0];
}

const decoded = (html: string) => html.replaceAll("&amp;", "&");

async function calendar(query: string, client = staff, headers: Record<string, string> = {}) {
  const response = await client.get(`/activities/calendar${query}`, headers);
  return { status: response.status, html: await response.text() };
}

describe("the month grid", () => {
  it("puts each activity on its days: one-day, three-day, and one that began the month before", async () => {
    const { status, html } = await calendar("?month=2026-03");
    expect(status).toBe(200);
    expect(html).toContain("<caption>March 2026</caption>");
    expect(cell(html, "2026-03-10")).toContain(`href="/activities/${ids.seminar}"`);
    expect(cell(html, "2026-03-11")).not.toContain(`href="/activities/${ids.seminar}"`);
    for (const day of ["2026-03-16", "2026-03-17", "2026-03-18"]) {
      expect(cell(html, day)).toContain("Three-day training of trainers");
      expect(cell(html, day)).toContain("Training");
    }
    expect(cell(html, "2026-03-19")).not.toContain("Three-day training of trainers");
    expect(cell(html, "2026-03-01")).toContain("Study visit across the month end");
    expect(cell(html, "2026-03-02")).toContain("Study visit across the month end");
    expect(html).not.toContain('data-date="2026-02-28"');
    expect(html).not.toContain("April conference");
    expect(html).not.toContain("January workshop");
  });

  it("starts weeks on Monday: 1 March 2026, a Sunday, is the first row's last cell", async () => {
    const { html } = await calendar("?month=2026-03");
    const firstRow = /<tbody><tr>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? "";
    expect(firstRow.match(/<td/g)).toHaveLength(7);
    expect(firstRow.match(/class="outside"/g)).toHaveLength(6);
    expect(firstRow).toContain('data-date="2026-03-01"');
    expect(html.indexOf("Monday")).toBeLessThan(html.indexOf("Sunday"));
  });

  it("marks a cancelled activity, and shows a title with markup as text", async () => {
    const { html } = await calendar("?month=2026-03");
    expect(cell(html, "2026-03-20")).toContain('<span class="badge">cancelled</span>');
    expect(cell(html, "2026-03-10")).not.toContain("badge");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(cell(html, "2026-03-25")).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Forum");
  });

  it("marks today's cell with aria-current when showing the current month", async () => {
    const today = createTranslator("en", t.config.timeZone).today();
    const { html } = await calendar("");
    expect(cell(html, today)).toContain('aria-current="date"');
    expect(html.match(/aria-current="date"/g)).toHaveLength(1);
    const { html: other } = await calendar("?month=1999-01");
    expect(other).not.toContain('aria-current="date"');
  });
});

describe("the agenda", () => {
  it("lists the month's activities in date order with dates, kind and place; an empty month says so", async () => {
    const { html } = await calendar("?month=2026-03");
    const agenda = sectionOf(html, "calendar-agenda");
    const order = [
      "Study visit",
      "Seminar on minority",
      "Three-day training",
      "Cancelled roundtable",
      "Forum",
    ];
    const positions = order.map((title) => agenda.indexOf(title));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(agenda).toContain("Seminar · Tbilisi, Georgia");
    expect(agenda).toContain("Mar 16, 2026 –");
    const empty = sectionOf((await calendar("?month=1999-01")).html, "calendar-agenda");
    expect(empty).toContain("No activities in January 1999.");
  });
});

describe("filters and month links", () => {
  it("narrows the month by kind, programme, status and country", async () => {
    const byKind = (await calendar("?month=2026-03&kind=training")).html;
    expect(byKind).toContain("Three-day training of trainers");
    expect(byKind).not.toContain("Seminar on minority languages");
    const byProgramme = (await calendar(`?month=2026-03&programme=${programmeId}`)).html;
    expect(sectionOf(byProgramme, "calendar-agenda")).toContain("Seminar on minority languages");
    expect(byProgramme).not.toContain("Three-day training of trainers");
    const byStatus = (await calendar("?month=2026-03&status=cancelled")).html;
    expect(byStatus).toContain("Cancelled roundtable in Ganja");
    expect(byStatus).not.toContain("Study visit across the month end");
    const byCountry = (await calendar("?month=2026-03&country=Georgia")).html;
    expect(byCountry).toContain("Seminar on minority languages");
    expect(byCountry).not.toContain("Cancelled roundtable in Ganja");
  });

  it("links to the previous and next month and this month, keeping the filters", async () => {
    const html = decoded((await calendar("?month=2026-01&kind=training&country=GE")).html);
    expect(html).toContain('href="/activities/calendar?month=2025-12&kind=training&country=GE" rel="prev"');
    expect(html).toContain('href="/activities/calendar?month=2026-02&kind=training&country=GE" rel="next"');
    expect(html).toContain('href="/activities/calendar?kind=training&country=GE">This month</a>');
    expect(html).toContain('href="/activities?kind=training&country=GE"');
    expect(html).toContain('name="month" value="2026-01"');
  });
});

describe("bad input", () => {
  it.each(["2026-13", "abc", "1799-12", "2201-01", "2026-3"])(
    "refuses month=%s with a 400 that says why",
    async (month) => {
      const { status, html } = await calendar(`?month=${month}`);
      expect(status).toBe(400);
      expect(html).toContain(`“${month}” is not a month the calendar can show.`);
      expect(html).not.toMatch(/\bat .+\.(ts|tsx|js):\d+/);
      expect(html).not.toContain("Error:");
    },
  );
});

describe("languages and access", () => {
  it("names the month and the weekdays in Russian and Azerbaijani", async () => {
    const ru = (await calendar("?month=2026-03", staff, { "accept-language": "ru" })).html;
    expect(ru).toContain("<caption>Март 2026 г.</caption>");
    expect(ru).toContain("понедельник");
    expect(ru).toContain("Календарь мероприятий");
    const az = (await calendar("?month=2026-03", staff, { "accept-language": "az" })).html;
    expect(az).toContain("<caption>Mart 2026</caption>");
    expect(az).toContain("bazar ertəsi");
    expect(az).toContain("Tədbirlər təqvimi");
  });

  it("is open to staff and sends visitors to sign in", async () => {
    expect((await calendar("?month=2026-03")).status).toBe(200);
    const anonymous = await t.client().get("/activities/calendar?month=2026-03");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?next=/);
  });
});
