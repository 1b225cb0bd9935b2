/**
 * The overview report's numbers, computed by hand over a small fixed dataset: unique people, attended participations,
 * new and returning people, buckets by month and year, filters (programme, kind, partner), and the records behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { focusAreas, programmes } from "../../src/db/schema";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords } from "../../src/merge/queries";
import { type ReportScope, reportFiltersSchema, resolveScope } from "../../src/reports/filters";
import { queryOverview } from "../../src/reports/overview";
import { queryRecords, recordFacetsSchema } from "../../src/reports/records";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import {
  insertActivity,
  insertOrganization,
  insertParticipation,
  insertPartner,
  insertPerson,
} from "../helpers/records";

const today = "2026-11-28";
const from = "2026-03-01";
const to = "2026-10-31";

let database: TestDatabase;
let programme: number;
let partner: number;
const ids: Record<string, number> = {};

/*
 * The dataset (programme "Overview test P" unless said otherwise):
 *   A8  2025-06-01 workshop  held        Hana attended
 *   QA  2026-01-10 seminar   held        programme Q (not P): Farid attended
 *   A0  2026-02-28 seminar   held        day before `from`; partner X; Boris attended, Gita's duplicate attended
 *   A1  2026-03-01 training  held        = `from`; partner X; Ana attended, Gita attended, Emil no_show
 *   A2  2026-05-15 seminar   held        focus area "Youth"; Ana, Chen, Gita's duplicate attended; Dana no_show,
 *                                        Emil registered
 *   A4  2026-06-10 workshop  cancelled   Chen attended, Dana attended
 *   A3  2026-10-31 training  held        = `to`; Boris attended, Farid attended
 *   A5  2026-11-28 seminar   held        = today; Emil attended
 *   A6  2026-11-29 seminar   planned     tomorrow; Ivo attended
 * Gita's duplicate is then merged into Gita: her participations (A0, A2) move to Gita.
 */
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const [p] = await db
    .insert(programmes)
    .values({ name: "Overview test P" })
    .returning({ id: programmes.id });
  const [q] = await db
    .insert(programmes)
    .values({ name: "Overview test Q" })
    .returning({ id: programmes.id });
  programme = p?.id as number;
  const other = q?.id as number;
  ids.Q = other;
  const [youth] = await db
    .insert(focusAreas)
    .values({ programmeId: programme, name: "Youth" })
    .returning({ id: focusAreas.id });
  ids.youth = youth?.id as number;
  partner = await insertOrganization(db, "Overview Partner X");

  for (const name of ["Ana", "Boris", "Chen", "Dana", "Emil", "Farid", "Gita", "Gita Dup", "Hana", "Ivo"]) {
    ids[name] = await insertPerson(db, { fullName: `${name} Overviewtest` });
  }
  const activity = async (
    key: string,
    startDate: string,
    kind: "seminar" | "training" | "workshop",
    extra: { status?: "held" | "cancelled" | "planned"; programmeId?: number; focusAreaId?: number } = {},
  ) => {
    ids[key] = await insertActivity(db, {
      title: `Overviewtest ${key}`,
      startDate,
      kind,
      programmeId: programme,
      ...extra,
    });
  };
  await activity("A8", "2025-06-01", "workshop");
  await activity("QA", "2026-01-10", "seminar", { programmeId: other });
  await activity("A0", "2026-02-28", "seminar");
  await activity("A1", "2026-03-01", "training");
  await activity("A2", "2026-05-15", "seminar", { focusAreaId: ids.youth });
  await activity("A4", "2026-06-10", "workshop", { status: "cancelled" });
  await activity("A3", "2026-10-31", "training");
  await activity("A5", "2026-11-28", "seminar");
  await activity("A6", "2026-11-29", "seminar", { status: "planned" });
  await insertPartner(db, { activityId: ids.A0 as number, organizationId: partner, role: "lead" });
  await insertPartner(db, { activityId: ids.A1 as number, organizationId: partner, role: "host" });

  const attend = (
    activityKey: string,
    person: string,
    status: "attended" | "no_show" | "registered" = "attended",
  ) =>
    insertParticipation(db, {
      activityId: ids[activityKey] as number,
      personId: ids[person] as number,
      status,
    });
  await attend("A8", "Hana");
  await attend("QA", "Farid");
  await attend("A0", "Boris");
  await attend("A0", "Gita Dup");
  await attend("A1", "Ana");
  await attend("A1", "Gita");
  await attend("A1", "Emil", "no_show");
  await attend("A2", "Ana");
  await attend("A2", "Chen");
  await attend("A2", "Gita Dup");
  await attend("A2", "Dana", "no_show");
  await attend("A2", "Emil", "registered");
  await attend("A4", "Chen");
  await attend("A4", "Dana");
  await attend("A3", "Boris");
  await attend("A3", "Farid");
  await attend("A5", "Emil");
  await attend("A6", "Ivo");

  const merged = await db.transaction((tx) =>
    mergeRecords(
      tx,
      mergeKinds.person,
      {
        survivorId: ids.Gita as number,
        otherId: ids["Gita Dup"] as number,
        survivorVersion: 1,
        otherVersion: 1,
        choices: {},
      },
      { userId: null },
    ),
  );
  if (merged.outcome !== "merged") throw new Error(`merge failed: ${merged.outcome}`);
});
afterAll(async () => {
  await database?.close();
});

function scopeOf(filters: Record<string, string | number>): ReportScope {
  return resolveScope(reportFiltersSchema.parse({ programme: String(programme), ...filters }), today);
}

const mainScope = () => scopeOf({ from, to });

async function namesOf(scope: ReportScope, facets: Record<string, string> = {}) {
  const found = await queryRecords(
    database.db,
    scope,
    today,
    recordFacetsSchema.parse({ of: "people", ...facets }),
  );
  return {
    total: found.total,
    names: found.people.map((person) => person.fullName.replace(" Overviewtest", "")),
  };
}

async function titlesOf(scope: ReportScope, facets: Record<string, string> = {}) {
  const found = await queryRecords(
    database.db,
    scope,
    today,
    recordFacetsSchema.parse({ of: "activities", ...facets }),
  );
  return {
    total: found.total,
    titles: found.activities.map((activity) => activity.title.replace("Overviewtest ", "")),
    activities: found.activities,
  };
}

describe("queryOverview over 2026-03-01 – 2026-10-31 in the programme", () => {
  it("counts held activities on both boundary dates, attended participations and each person once", async () => {
    // Activities: A1 (= from), A2, A3 (= to) → 3. Not A0 (day before), A4 (cancelled), A5/A6 (after `to`), QA (other
    // programme), A8 (2025).
    // Participations: A1 Ana+Gita (2), A2 Ana+Chen+Gita-moved-by-merge (3), A3 Boris+Farid (2) → 7; the no_show and
    // registered rows (Dana, Emil) and the cancelled A4 (Chen, Dana) do not count.
    // People: Ana (twice), Gita (twice, one of them from her merged duplicate), Chen, Boris, Farid → 5.
    // New: first attended date in the programme, any date: Ana 03-01 (= from → new), Chen 05-15, Farid 10-31 (his
    // earlier QA is another programme) → 3; Boris and Gita attended A0 on 02-28 → returning 2.
    const { totals } = await queryOverview(database.db, mainScope(), today);
    expect(totals).toEqual({ activities: 3, participations: 7, people: 5, newPeople: 3 });
    expect(totals.people - totals.newPeople).toBe(2);
  });

  it("breaks the figures down by kind and by focus area", async () => {
    // training: A1, A3 → 2 activities, 4 participations (Ana, Gita, Boris, Farid), 4 people.
    // seminar: A2 → 1 activity, 3 participations, 3 people. The cancelled workshop A4 has no row.
    // Focus area: none (A1, A3) 2/4/4; Youth (A2) 1/3/3.
    const { byKind, byFocusArea } = await queryOverview(database.db, mainScope(), today);
    expect(byKind).toEqual([
      { key: "training", label: "training", activities: 2, participations: 4, people: 4 },
      { key: "seminar", label: "seminar", activities: 1, participations: 3, people: 3 },
    ]);
    expect(byFocusArea).toEqual([
      { key: "none", label: null, activities: 2, participations: 4, people: 4 },
      { key: String(ids.youth), label: "Youth", activities: 1, participations: 3, people: 3 },
    ]);
    // The "no focus area" row's key is a facet too: its link lists those activities and people, not everyone.
    const facets = (of: string) => recordFacetsSchema.parse({ of, focusArea: "none" });
    expect((await queryRecords(database.db, mainScope(), today, facets("activities"))).total).toBe(2);
    expect((await namesOf(mainScope(), { focusArea: "none" })).total).toBe(4);
  });

  it("buckets by month, with the new people in the month they were first reached", async () => {
    // 2026-03: A1 → Ana, Gita; new Ana. 2026-05: A2 → Ana, Chen, Gita; new Chen. 2026-10: A3 → Boris, Farid; new Farid.
    const { byPeriod } = await queryOverview(database.db, scopeOf({ from, to, by: "month" }), today);
    expect(byPeriod).toEqual([
      { period: "2026-03", activities: 1, participations: 2, people: 2, newPeople: 1 },
      { period: "2026-05", activities: 1, participations: 3, people: 3, newPeople: 1 },
      { period: "2026-10", activities: 1, participations: 2, people: 2, newPeople: 1 },
    ]);
  });

  it("buckets by year across two years", async () => {
    // 2025-01-01 – 2026-10-31: 2025: A8 → Hana (new). 2026: A0, A1, A2, A3 → 4 activities; participations 2+2+3+2 = 9;
    // people Boris, Gita, Ana, Chen, Farid = 5, all first reached in 2026 (on/after 2025-01-01) → 5 new.
    const { totals, byPeriod } = await queryOverview(
      database.db,
      scopeOf({ from: "2025-01-01", to, by: "year" }),
      today,
    );
    expect(byPeriod).toEqual([
      { period: "2025", activities: 1, participations: 1, people: 1, newPeople: 1 },
      { period: "2026", activities: 4, participations: 9, people: 5, newPeople: 5 },
    ]);
    expect(totals).toEqual({ activities: 5, participations: 10, people: 6, newPeople: 6 });
  });

  it("counts an activity held today but not one planned for tomorrow", async () => {
    // this_year = 2026-01-01 – 2026-12-31: A0, A1, A2, A3, A5 (today) → 5; not A6 (tomorrow, Ivo), not A4.
    // Participations: A0 2 + A1 2 + A2 3 + A3 2 + A5 Emil 1 = 10; people Boris, Gita, Ana, Chen, Farid, Emil = 6.
    const scope = scopeOf({ range: "this_year" });
    expect([scope.from, scope.to]).toEqual(["2026-01-01", "2026-12-31"]);
    const { totals } = await queryOverview(database.db, scope, today);
    expect(totals).toEqual({ activities: 5, participations: 10, people: 6, newPeople: 6 });
    expect((await namesOf(scope)).names).not.toContain("Ivo");
  });

  it("filters by kind, and judges new people by activities of that kind only", async () => {
    // training in range: A1, A3 → 2 activities, 4 participations, people Ana, Gita, Boris, Farid. Their first training:
    // Ana 03-01, Gita 03-01 (A0 was a seminar), Boris 10-31, Farid 10-31 → all 4 new, none returning.
    const { totals } = await queryOverview(database.db, scopeOf({ from, to, kind: "training" }), today);
    expect(totals).toEqual({ activities: 2, participations: 4, people: 4, newPeople: 4 });
  });

  it("filters by partner through activity_partners, and judges new people by that partner's activities", async () => {
    // Partner X: A0 (before range), A1 → in range only A1: 1 activity, Ana + Gita. Gita attended A0 (partner X) on
    // 02-28 → returning; Ana first at A1 = from → new.
    const scope = scopeOf({ from, to, partner: String(partner) });
    const { totals } = await queryOverview(database.db, scope, today);
    expect(totals).toEqual({ activities: 1, participations: 2, people: 2, newPeople: 1 });
    expect((await namesOf(scope, { first: "new" })).names).toEqual(["Ana"]);
    expect((await namesOf(scope, { first: "returning" })).names).toEqual(["Gita"]);
  });

  it("keeps other programmes out: the programme filter is applied", async () => {
    // Programme Q from 2026-01-01: only QA → 1 activity, Farid (new). Programme P's activities do not count.
    const other = scopeOf({ from: "2026-01-01", to, programme: String(ids.Q) });
    const { totals } = await queryOverview(database.db, other, today);
    expect(totals).toEqual({ activities: 1, participations: 1, people: 1, newPeople: 1 });
    expect((await namesOf(other)).names).toEqual(["Farid"]);
  });
});

describe("queryRecords behind the overview's figures", () => {
  it("lists each person reached once, in name order, with the number of activities they attended", async () => {
    const found = await queryRecords(
      database.db,
      mainScope(),
      today,
      recordFacetsSchema.parse({ of: "people" }),
    );
    expect(found.total).toBe(5);
    expect(
      found.people.map((person) => [person.fullName.replace(" Overviewtest", ""), person.activities]),
    ).toEqual([
      ["Ana", 2],
      ["Boris", 1],
      ["Chen", 1],
      ["Farid", 1],
      ["Gita", 2],
    ]);
  });

  it("narrows people by activity kind and by new/returning, matching the overview's figures", async () => {
    // Seminar in range: A2 → Ana, Chen, Gita; of those new (no earlier attended programme activity): Ana, Chen.
    expect(await namesOf(mainScope(), { activityKind: "seminar", first: "new" })).toEqual({
      total: 2,
      names: ["Ana", "Chen"],
    });
    // All new: Ana, Chen, Farid (= the overview's 3); returning: Boris, Gita (= 5 − 3).
    expect((await namesOf(mainScope(), { first: "new" })).names).toEqual(["Ana", "Chen", "Farid"]);
    expect((await namesOf(mainScope(), { first: "returning" })).names).toEqual(["Boris", "Gita"]);
    // Training: A1, A3 → Ana, Boris, Farid, Gita.
    expect((await namesOf(mainScope(), { activityKind: "training" })).names).toEqual([
      "Ana",
      "Boris",
      "Farid",
      "Gita",
    ]);
  });

  it("lists the activities counted, newest first, narrowed by a month or a year", async () => {
    const all = await titlesOf(mainScope());
    expect(all.titles).toEqual(["A3", "A2", "A1"]);
    expect(all.total).toBe(3);
    const may = await titlesOf(mainScope(), { period: "2026-05" });
    expect(may.titles).toEqual(["A2"]);
    expect(may.activities[0]).toMatchObject({ kind: "seminar", startDate: "2026-05-15", people: 3 });
    expect((await titlesOf(mainScope(), { period: "2026-04" })).total).toBe(0);
    const year = await titlesOf(scopeOf({ from: "2025-01-01", to }), { period: "2025" });
    expect(year.titles).toEqual(["A8"]);
    expect(year.activities[0]?.people).toBe(1);
  });
});
