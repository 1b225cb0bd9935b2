/**
 * The disaggregated reports (reach, depth, officials, partners, communities) computed by hand over small fixed
 * datasets, one programme each, so every query is scoped by its programme and nothing else can change the counts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, programmes } from "../../src/db/schema";
import type { organizationKinds, stakeholderTypes } from "../../src/db/schema/enums";
import { createTranslator } from "../../src/i18n";
import { queryCommunities } from "../../src/reports/communities";
import { cellHref, cellText } from "../../src/reports/content";
import { queryDepth } from "../../src/reports/depth";
import { type ReportScope, reportFiltersSchema, resolveScope } from "../../src/reports/filters";
import { queryOfficials } from "../../src/reports/officials";
import { queryPartners } from "../../src/reports/partners";
import { queryReach, reachContent } from "../../src/reports/reach";
import { queryRecords, recordFacetsSchema } from "../../src/reports/records";
import { createTestApp, type TestApp } from "../helpers/app";
import { insertActivity, insertParticipation, insertPartner, insertPerson } from "../helpers/records";

const today = "2026-11-28";
const from = "2026-01-01";
const to = "2026-10-31";
const suffix = " Disaggtest";

let t: TestApp;
const programme: Record<"R" | "D" | "O" | "N" | "C", number> = { R: 0, D: 0, O: 0, N: 0, C: 0 };
const ids: Record<string, number> = {};

type Status = "attended" | "no_show" | "registered";
type Role = "participant" | "trainer" | "speaker" | "facilitator";
type StakeholderType = (typeof stakeholderTypes)[number];
type ActivityKind = "seminar" | "training" | "workshop" | "conference";

async function person(
  name: string,
  values: {
    gender?: "female" | "male" | "other";
    birthYear?: number;
    country?: string;
    community?: string;
    displacementStatus?: "refugee" | "idp";
    stakeholderType?: StakeholderType;
  } = {},
) {
  ids[name] = await insertPerson(t.db, { fullName: `${name}${suffix}`, ...values });
}

async function organization(key: string, name: string, kind: (typeof organizationKinds)[number]) {
  const [row] = await t.db.insert(organizations).values({ name, kind }).returning({ id: organizations.id });
  ids[key] = row?.id as number;
}

async function activity(
  key: string,
  programmeId: number,
  startDate: string,
  kind: ActivityKind,
  status: "held" | "cancelled" | "planned" = "held",
) {
  ids[key] = await insertActivity(t.db, { title: `${key}${suffix}`, programmeId, startDate, kind, status });
}

async function attend(
  activityKey: string,
  name: string,
  more: {
    status?: Status;
    role?: Role;
    stakeholderType?: StakeholderType;
    org?: string;
    organizationName?: string;
    preScore?: number;
    postScore?: number;
  } = {},
) {
  const { status = "attended", org, ...rest } = more;
  await insertParticipation(t.db, {
    activityId: ids[activityKey] as number,
    personId: ids[name] as number,
    status,
    organizationId: org ? (ids[org] as number) : null,
    ...rest,
  });
}

/*
 * Reach (programme R), range 2026-01-01 – 2026-10-31:
 *   person  gender  born  country  community  displacement  type now             snapshots
 *   Aida    female  1990  AZ       Alpha      idp           official            ngo_representative at R1 and R2
 *   Bako    male    2008  GE       Alpha      idp           journalist
 *   Cira    female  2009  AZ       Alpha      idp           activist
 *   Davo    male    –     AM       Alpha      idp           activist            activist at R1
 *   Elin    –       1960  AZ       Alpha      idp           community_leader
 *   Fero    male    1980  GE       Beta       refugee       expert              community_leader at R1
 *   Gala    female  2000  GE       Beta       refugee       ngo_representative
 *   Hovo    male    1950  –        " Beta "   –             other
 *   Iris    female  1985  AZ       Alpha      idp           other
 *   R1 2026-03-10 seminar held: Aida (org Ministry/government), Bako (org Media/media), Cira, Davo, Elin,
 *      Fero (org NGO/ngo), Gala (org NGO), Hovo attended; Iris registered.
 *   R2 2026-06-05 training held: Aida (org Ministry), Fero (org NGO) attended; Bako no_show.
 *   RX 2026-05-01 workshop cancelled: Cira and Iris attended.
 *   R0 2025-12-01 seminar held (before the range): Iris attended.
 * → 8 people (Aida … Hovo), 10 participations (8 at R1 + 2 at R2).
 */
async function reachData() {
  const R = programme.R;
  await organization("Ministry", "Reach Ministry", "government");
  await organization("Media", "Reach Media", "media");
  await organization("NGO", "Reach NGO", "ngo");
  await person("Aida", {
    gender: "female",
    birthYear: 1990,
    country: "AZ",
    community: "Alpha",
    displacementStatus: "idp",
    stakeholderType: "official",
  });
  await person("Bako", {
    gender: "male",
    birthYear: 2008,
    country: "GE",
    community: "Alpha",
    displacementStatus: "idp",
    stakeholderType: "journalist",
  });
  await person("Cira", {
    gender: "female",
    birthYear: 2009,
    country: "AZ",
    community: "Alpha",
    displacementStatus: "idp",
    stakeholderType: "activist",
  });
  await person("Davo", {
    gender: "male",
    country: "AM",
    community: "Alpha",
    displacementStatus: "idp",
    stakeholderType: "activist",
  });
  await person("Elin", {
    birthYear: 1960,
    country: "AZ",
    community: "Alpha",
    displacementStatus: "idp",
    stakeholderType: "community_leader",
  });
  await person("Fero", {
    gender: "male",
    birthYear: 1980,
    country: "GE",
    community: "Beta",
    displacementStatus: "refugee",
    stakeholderType: "expert",
  });
  await person("Gala", {
    gender: "female",
    birthYear: 2000,
    country: "GE",
    community: "Beta",
    displacementStatus: "refugee",
    stakeholderType: "ngo_representative",
  });
  await person("Hovo", { gender: "male", birthYear: 1950, community: " Beta " });
  await person("Iris", {
    gender: "female",
    birthYear: 1985,
    country: "AZ",
    community: "Alpha",
    displacementStatus: "idp",
  });
  await activity("R0", R, "2025-12-01", "seminar");
  await activity("R1", R, "2026-03-10", "seminar");
  await activity("R2", R, "2026-06-05", "training");
  await activity("RX", R, "2026-05-01", "workshop", "cancelled");
  await attend("R0", "Iris");
  await attend("R1", "Aida", { org: "Ministry", stakeholderType: "ngo_representative" });
  await attend("R1", "Bako", { org: "Media" });
  await attend("R1", "Cira");
  await attend("R1", "Davo", { stakeholderType: "activist" });
  await attend("R1", "Elin");
  await attend("R1", "Fero", { org: "NGO", stakeholderType: "community_leader" });
  await attend("R1", "Gala", { org: "NGO" });
  await attend("R1", "Hovo");
  await attend("R1", "Iris", { status: "registered" });
  await attend("R2", "Aida", { org: "Ministry", stakeholderType: "ngo_representative" });
  await attend("R2", "Fero", { org: "NGO" });
  await attend("R2", "Bako", { status: "no_show" });
  await attend("RX", "Cira");
  await attend("RX", "Iris");
}

/*
 * Depth (programme D), range 2026-01-01 – 2026-10-31:
 *   D0 2025-05-01 workshop (before the range)   Mona participant
 *   DX 2026-01-15 seminar CANCELLED              Olga participant attended
 *   D1 2026-02-01 training  Penny participant 40→70, Quin participant 50→60, Nils trainer,
 *                           Olga participant no_show 10→90
 *   D2 2026-03-01 training  Penny participant 60→65, Rita participant pre 30 only, Mona trainer
 *   D3 2026-04-01 seminar   Penny, Nils, Quin participants (Quin 0→100: not a training)
 *   D4 2026-05-01 seminar   Penny participant, Olga trainer
 *   D5 2026-06-01 workshop  Penny participant, Mona facilitator
 *   D6 2026-07-01 seminar   Quin speaker
 */
async function depthData() {
  const D = programme.D;
  for (const name of ["Mona", "Nils", "Olga", "Penny", "Quin", "Rita"]) await person(name);
  await activity("D0", D, "2025-05-01", "workshop");
  await activity("DX", D, "2026-01-15", "seminar", "cancelled");
  await activity("D1", D, "2026-02-01", "training");
  await activity("D2", D, "2026-03-01", "training");
  await activity("D3", D, "2026-04-01", "seminar");
  await activity("D4", D, "2026-05-01", "seminar");
  await activity("D5", D, "2026-06-01", "workshop");
  await activity("D6", D, "2026-07-01", "seminar");
  await attend("D0", "Mona");
  await attend("DX", "Olga");
  await attend("D1", "Penny", { preScore: 40, postScore: 70 });
  await attend("D1", "Quin", { preScore: 50, postScore: 60 });
  await attend("D1", "Nils", { role: "trainer" });
  await attend("D1", "Olga", { status: "no_show", preScore: 10, postScore: 90 });
  await attend("D2", "Penny", { preScore: 60, postScore: 65 });
  await attend("D2", "Rita", { preScore: 30 });
  await attend("D2", "Mona", { role: "trainer" });
  await attend("D3", "Penny");
  await attend("D3", "Nils");
  await attend("D3", "Quin", { preScore: 0, postScore: 100 });
  await attend("D4", "Penny");
  await attend("D4", "Olga", { role: "trainer" });
  await attend("D5", "Penny");
  await attend("D5", "Mona", { role: "facilitator" });
  await attend("D6", "Quin", { role: "speaker" });
}

/*
 * Officials (programme O), range 2025-01-01 – 2026-10-31:
 *   Ulla (official now, AZ), Vlad (parliamentarian now, GE), Wera (other now, GE), Xena (official now),
 *   Yuri (official now, no country), Zeno (journalist).
 *   O1 2025-04-10 seminar     Ulla (MoJ, "Ministry of Justice"), Vlad (snapshot expert)
 *   O2 2026-02-10 conference  Ulla (snapshot official, MoJ), Wera (snapshot parliamentarian, Parl "Parliament"), Zeno
 *   O3 2026-05-10 seminar     Vlad (Parl "Parliament"), Wera (snapshot parliamentarian, Parl), Yuri (snapshot
 *                             official, no organisation); Xena no_show
 *   OX 2026-06-10 seminar CANCELLED: Xena attended
 * After the rows are made, MoJ is renamed "Ministry of Justice and Law" (the snapshot keeps the name then).
 */
async function officialsData() {
  const O = programme.O;
  await organization("MoJ", "Ministry of Justice", "government");
  await organization("Parl", "Parliament", "parliament");
  await person("Ulla", { stakeholderType: "official", country: "AZ" });
  await person("Vlad", { stakeholderType: "parliamentarian", country: "GE" });
  await person("Wera", { stakeholderType: "other", country: "GE" });
  await person("Xena", { stakeholderType: "official", country: "AZ" });
  await person("Yuri", { stakeholderType: "official" });
  await person("Zeno", { stakeholderType: "journalist", country: "AZ" });
  await activity("O1", O, "2025-04-10", "seminar");
  await activity("O2", O, "2026-02-10", "conference");
  await activity("O3", O, "2026-05-10", "seminar");
  await activity("OX", O, "2026-06-10", "seminar", "cancelled");
  const moj = { org: "MoJ", organizationName: "Ministry of Justice" };
  const parl = { org: "Parl", organizationName: "Parliament" };
  await attend("O1", "Ulla", moj);
  await attend("O1", "Vlad", { stakeholderType: "expert" });
  await attend("O2", "Ulla", { ...moj, stakeholderType: "official" });
  await attend("O2", "Wera", { ...parl, stakeholderType: "parliamentarian" });
  await attend("O2", "Zeno");
  await attend("O3", "Vlad", parl);
  await attend("O3", "Wera", { ...parl, stakeholderType: "parliamentarian" });
  await attend("O3", "Yuri", { stakeholderType: "official" });
  await attend("O3", "Xena", { status: "no_show" });
  await attend("OX", "Xena");
  await t.db
    .update(organizations)
    .set({ name: "Ministry of Justice and Law" })
    .where(eq(organizations.id, ids.MoJ as number));
}

/*
 * Partners (programme N), range 2026-01-01 – 2026-10-31, today 2026-11-28:
 *   N0  2024-05-01 seminar  held       PA lead
 *   NC  2024-10-15 seminar  held       PC host            (~2 years before today)
 *   ND  2021-03-01 seminar  held       PD venue           (5+ years before today)
 *   N1  2026-02-01 seminar  held       PA lead AND host, PB funder   Kai, Lea attended
 *   N2  2026-04-01 seminar  held       PA co_organiser               Lea, Max attended
 *   N3  2026-06-01 seminar  held       PB venue                      Max attended, Ned no_show
 *   NX  2026-07-01 seminar  cancelled  PA lead, PB lead              Ned attended
 *   NP  2026-12-15 seminar  planned    PB host (after today)
 */
async function partnersData() {
  const N = programme.N;
  await organization("PA", "Partner Alpha", "ngo");
  await organization("PB", "Partner Beta", "donor");
  await organization("PC", "Partner Gamma", "media");
  await organization("PD", "Partner Delta", "academic");
  for (const name of ["Kai", "Lea", "Max", "Ned"]) await person(name);
  await activity("N0", N, "2024-05-01", "seminar");
  await activity("NC", N, "2024-10-15", "seminar");
  await activity("ND", N, "2021-03-01", "seminar");
  await activity("N1", N, "2026-02-01", "seminar");
  await activity("N2", N, "2026-04-01", "seminar");
  await activity("N3", N, "2026-06-01", "seminar");
  await activity("NX", N, "2026-07-01", "seminar", "cancelled");
  await activity("NP", N, "2026-12-15", "seminar", "planned");
  const partner = (
    activityKey: string,
    org: string,
    role: "lead" | "host" | "funder" | "venue" | "co_organiser",
  ) =>
    insertPartner(t.db, { activityId: ids[activityKey] as number, organizationId: ids[org] as number, role });
  await partner("N0", "PA", "lead");
  await partner("NC", "PC", "host");
  await partner("ND", "PD", "venue");
  await partner("N1", "PA", "lead");
  await partner("N1", "PA", "host");
  await partner("N1", "PB", "funder");
  await partner("N2", "PA", "co_organiser");
  await partner("N3", "PB", "venue");
  await partner("NX", "PA", "lead");
  await partner("NX", "PB", "lead");
  await partner("NP", "PB", "host");
  await attend("N1", "Kai");
  await attend("N1", "Lea");
  await attend("N2", "Lea");
  await attend("N2", "Max");
  await attend("N3", "Max");
  await attend("N3", "Ned", { status: "no_show" });
  await attend("NX", "Ned");
}

/*
 * Communities (programme C), range 2026-01-01 – 2026-10-31:
 *   Arev AM "Armenian" ngo_representative; Aygun AZ "Azerbaijani" journalist; Bahram AZ "Talysh" ngo_representative;
 *   Giorgi GE "Georgian" official; Nino GE (no community) ngo_representative; Xavi (no country, community "  ") other.
 *   C0 2025-12-01 held (before the range): Arev, Nino
 *   C1 2026-02-01: Aygun, Giorgi, Nino attended; Arev no_show
 *   C2 2026-05-01: Arev, Bahram, Xavi
 *   CX 2026-06-01 CANCELLED: Arev, Giorgi attended
 *   C3 2026-07-01: Aygun (snapshot expert), Bahram, Nino
 *   C4 2026-08-01: Aygun, Bahram
 *   C5 2026-09-01: Giorgi
 *   C6 2026-09-15: held, nobody attended (Arev registered)
 */
async function communitiesData() {
  const C = programme.C;
  await person("Arev", { country: "AM", community: "Armenian", stakeholderType: "ngo_representative" });
  await person("Aygun", { country: "AZ", community: "Azerbaijani", stakeholderType: "journalist" });
  await person("Bahram", { country: "AZ", community: "Talysh", stakeholderType: "ngo_representative" });
  await person("Giorgi", { country: "GE", community: "Georgian", stakeholderType: "official" });
  await person("Nino", { country: "GE", stakeholderType: "ngo_representative" });
  await person("Xavi", { community: "  ", stakeholderType: "other" });
  await activity("C0", C, "2025-12-01", "seminar");
  await activity("C1", C, "2026-02-01", "seminar");
  await activity("C2", C, "2026-05-01", "workshop");
  await activity("CX", C, "2026-06-01", "seminar", "cancelled");
  await activity("C3", C, "2026-07-01", "seminar");
  await activity("C4", C, "2026-08-01", "training");
  await activity("C5", C, "2026-09-01", "seminar");
  await activity("C6", C, "2026-09-15", "seminar");
  await attend("C0", "Arev");
  await attend("C0", "Nino");
  await attend("C1", "Aygun");
  await attend("C1", "Giorgi");
  await attend("C1", "Nino");
  await attend("C1", "Arev", { status: "no_show" });
  await attend("C2", "Arev");
  await attend("C2", "Bahram");
  await attend("C2", "Xavi");
  await attend("CX", "Arev");
  await attend("CX", "Giorgi");
  await attend("C3", "Aygun", { stakeholderType: "expert" });
  await attend("C3", "Bahram");
  await attend("C3", "Nino");
  await attend("C4", "Aygun");
  await attend("C4", "Bahram");
  await attend("C5", "Giorgi");
  await attend("C6", "Arev", { status: "registered" });
}

beforeAll(async () => {
  t = await createTestApp();
  for (const key of Object.keys(programme) as (keyof typeof programme)[]) {
    const [row] = await t.db
      .insert(programmes)
      .values({ name: `Disaggregated test ${key}` })
      .returning({ id: programmes.id });
    programme[key] = row?.id as number;
  }
  await reachData();
  await depthData();
  await officialsData();
  await partnersData();
  await communitiesData();
});
afterAll(async () => {
  await t?.close();
});

function scopeOf(key: keyof typeof programme, filters: Record<string, string> = {}): ReportScope {
  return resolveScope(
    reportFiltersSchema.parse({ programme: String(programme[key]), from, to, ...filters }),
    today,
  );
}

async function namesOf(scope: ReportScope, facets: Record<string, string>) {
  const found = await queryRecords(t.db, scope, today, recordFacetsSchema.parse({ of: "people", ...facets }));
  expect(found.total).toBe(found.people.length);
  return found.people.map((row) => row.fullName.replace(suffix, ""));
}

describe("queryReach: who was reached, disaggregated", () => {
  it("counts attended participations at held activities only, each person once", async () => {
    // R1: 8 attended (Iris only registered); R2: Aida, Fero (Bako no_show) → 10 participations, people Aida … Hovo = 8.
    // Not RX (cancelled: Cira, Iris), not R0 (before the range: Iris).
    const reach = await queryReach(t.db, scopeOf("R"), today);
    expect({ people: reach.people, participations: reach.participations }).toEqual({
      people: 8,
      participations: 10,
    });
  });

  it("breaks reach down by gender, with a person of no gender under a null key", async () => {
    // male: Bako 1, Davo 1, Fero 2 (R1+R2), Hovo 1 → 4 people, 5 participations.
    // female: Aida 2, Cira 1 (RX cancelled does not count), Gala 1 → 3 people, 4. none: Elin → 1, 1.
    const { gender } = await queryReach(t.db, scopeOf("R"), today);
    expect(gender).toEqual([
      { key: "male", people: 4, participations: 5 },
      { key: "female", people: 3, participations: 4 },
      { key: null, people: 1, participations: 1 },
    ]);
    expect(await namesOf(scopeOf("R"), { gender: "none" })).toEqual(["Elin"]);
    expect(await namesOf(scopeOf("R"), { gender: "female" })).toEqual(["Aida", "Cira", "Gala"]);
  });

  it("puts people in age groups by their age at the END of the range, in the groups' natural order", async () => {
    // to = 2026-10-31 → age = 2026 − birth year: Cira 2009 → 17 under_18; Bako 2008 → 18 18_24; Gala 2000 → 26
    // 25_34; Aida 1990 → 36 and Fero 1980 → 46 35_49 (participations 2 + 2); Elin 1960 → 66 and Hovo 1950 → 76
    // 65_plus; Davo no birth year → unknown.
    const { ageGroup } = await queryReach(t.db, scopeOf("R"), today);
    expect(ageGroup).toEqual([
      { key: "under_18", people: 1, participations: 1 },
      { key: "18_24", people: 1, participations: 1 },
      { key: "25_34", people: 1, participations: 1 },
      { key: "35_49", people: 2, participations: 4 },
      { key: "65_plus", people: 2, participations: 2 },
      { key: "unknown", people: 1, participations: 1 },
    ]);
    expect(await namesOf(scopeOf("R"), { ageGroup: "under_18" })).toEqual(["Cira"]);
    expect(await namesOf(scopeOf("R"), { ageGroup: "18_24" })).toEqual(["Bako"]);
    expect(await namesOf(scopeOf("R"), { ageGroup: "unknown" })).toEqual(["Davo"]);
  });

  it("ages people by the year the range ends: a range ending in 2027 makes Cira (2009) 18", async () => {
    // 2026-01-01 – 2027-02-28 holds the same activities (none after today); age = 2027 − birth year:
    // Cira 18, Bako 19 → both 18_24, nobody under 18.
    const scope = scopeOf("R", { to: "2027-02-28" });
    const { ageGroup } = await queryReach(t.db, scope, today);
    expect(ageGroup.find((group) => group.key === "under_18")).toBeUndefined();
    expect(ageGroup.find((group) => group.key === "18_24")).toEqual({
      key: "18_24",
      people: 2,
      participations: 2,
    });
    expect(await namesOf(scope, { ageGroup: "18_24" })).toEqual(["Bako", "Cira"]);
  });

  it("counts the stakeholder type at the time: the roster snapshot when set, else the person's type now", async () => {
    // Aida is an official now, but both her rows say ngo_representative → ngo_representative (Aida 2 + Gala 1 = 3).
    // Fero: R1 snapshot community_leader, R2 no snapshot → his type now, expert. Davo: snapshot activist.
    // activist: Cira, Davo 2/2; community_leader: Elin, Fero(R1) 2/2; ngo_representative: Aida, Gala 2/3;
    // expert: Fero(R2) 1/1; journalist: Bako 1/1; other: Hovo 1/1. No official.
    const { stakeholderType } = await queryReach(t.db, scopeOf("R"), today);
    expect(stakeholderType).toEqual([
      { key: "activist", people: 2, participations: 2 },
      { key: "community_leader", people: 2, participations: 2 },
      { key: "ngo_representative", people: 2, participations: 3 },
      { key: "expert", people: 1, participations: 1 },
      { key: "journalist", people: 1, participations: 1 },
      { key: "other", people: 1, participations: 1 },
    ]);
    expect(await namesOf(scopeOf("R"), { stakeholderType: "official" })).toEqual([]);
    expect(await namesOf(scopeOf("R"), { stakeholderType: "ngo_representative" })).toEqual(["Aida", "Gala"]);
    expect(await namesOf(scopeOf("R"), { stakeholderType: "community_leader" })).toEqual(["Elin", "Fero"]);
  });

  it("breaks reach down by the person's country", async () => {
    // AZ: Aida 2, Cira 1, Elin 1 → 3/4; GE: Bako 1, Fero 2, Gala 1 → 3/4; AM: Davo 1/1; none: Hovo 1/1.
    const { personCountry } = await queryReach(t.db, scopeOf("R"), today);
    expect(personCountry).toEqual([
      { key: "AZ", people: 3, participations: 4 },
      { key: "GE", people: 3, participations: 4 },
      { key: "AM", people: 1, participations: 1 },
      { key: null, people: 1, participations: 1 },
    ]);
    expect(await namesOf(scopeOf("R"), { personCountry: "GE" })).toEqual(["Bako", "Fero", "Gala"]);
    expect(await namesOf(scopeOf("R"), { personCountry: "none" })).toEqual(["Hovo"]);
  });

  it("breaks reach down by the kind of the organisation on the roster row", async () => {
    // No organisation: Cira, Davo, Elin, Hovo → 4/4; ngo (Reach NGO): Fero 2 + Gala 1 → 2/3;
    // government (Reach Ministry): Aida 2 → 1/2; media (Reach Media): Bako 1 → 1/1.
    const { orgKind } = await queryReach(t.db, scopeOf("R"), today);
    expect(orgKind).toEqual([
      { key: null, people: 4, participations: 4 },
      { key: "ngo", people: 2, participations: 3 },
      { key: "government", people: 1, participations: 2 },
      { key: "media", people: 1, participations: 1 },
    ]);
    expect(await namesOf(scopeOf("R"), { orgKind: "ngo" })).toEqual(["Fero", "Gala"]);
    expect(await namesOf(scopeOf("R"), { orgKind: "none" })).toEqual(["Cira", "Davo", "Elin", "Hovo"]);
  });

  it("counts communities (trimmed) and displacement status exactly in the data", async () => {
    // Alpha: Aida 2, Bako, Cira, Davo, Elin → 5 people, 6 participations; "Beta" (Hovo's " Beta " trimmed):
    // Fero 2, Gala, Hovo → 3/4. idp: the Alpha five → 5/6; refugee: Fero 2, Gala → 2/3; none given: Hovo 1/1.
    const { community, displacement } = await queryReach(t.db, scopeOf("R"), today);
    expect(community).toEqual([
      { key: "Alpha", people: 5, participations: 6 },
      { key: "Beta", people: 3, participations: 4 },
    ]);
    expect(displacement).toEqual([
      { key: "idp", people: 5, participations: 6 },
      { key: "refugee", people: 2, participations: 3 },
      { key: null, people: 1, participations: 1 },
    ]);
  });
});

describe("reachContent: what the reach page shows", () => {
  it("shows groups of fewer than 5 as <5 in both cells, a lone one with the next smallest, and links none", async () => {
    const scope = scopeOf("R");
    const content = reachContent(await queryReach(t.db, scope, today), scope, createTranslator("en"));
    const table = (id: string) => {
      const found = content.tables.find((candidate) => candidate.id === id);
      if (!found) throw new Error(`no table ${id}`);
      return found;
    };
    // Beta (3) alone under 5 would be the total (8 people) minus Alpha: Alpha (5) is hidden with it.
    expect(table("community").rows.map((row) => row.map(cellText))).toEqual([
      ["Alpha", "<5", "<5"],
      ["Beta", "<5", "<5"],
    ]);
    expect(table("displacement").rows.map((row) => row.map(cellText))).toEqual([
      ["Internally displaced", 5, 6],
      ["Refugee", "<5", "<5"],
      ["Not given", "<5", "<5"],
    ]);
    // Sensitive rows link to no list of names; the ordinary breakdowns do.
    for (const id of ["community", "displacement"]) {
      expect(table(id).rows.flat().map(cellHref)).toEqual(
        table(id)
          .rows.flat()
          .map(() => undefined),
      );
    }
    const male = table("gender").rows[0] ?? [];
    expect(male.map(cellText)).toEqual(["Male", 4, 5]);
    expect(cellHref(male[1] ?? null)).toContain("gender=male");
    expect(content.figures.map((figure) => figure.value)).toEqual([8, 10]);
  });
});

describe("queryDepth: how deep the capacity building went", () => {
  it("buckets people by how many activities they attended in the range", async () => {
    // In range, attended, not cancelled: Penny D1–D5 → 5 (5+); Quin D1, D3, D6 → 3 (3-4); Mona D2, D5 → 2 (D0 is
    // before the range); Nils D1, D3 → 2; Olga D4 only (D1 no_show, DX cancelled) → 1; Rita D2 → 1.
    const { frequency } = await queryDepth(t.db, scopeOf("D"), today);
    expect(frequency).toEqual([
      { bucket: "1", people: 2 },
      { bucket: "2", people: 2 },
      { bucket: "3-4", people: 1 },
      { bucket: "5+", people: 1 },
    ]);
    expect(await namesOf(scopeOf("D"), { times: "5+" })).toEqual(["Penny"]);
    expect(await namesOf(scopeOf("D"), { times: "2" })).toEqual(["Mona", "Nils"]);
    expect(await namesOf(scopeOf("D"), { times: "1" })).toEqual(["Olga", "Rita"]);
  });

  it("counts who moved from taking part to leading, by their first leading role after an earlier participation", async () => {
    // Mona: participant at D0 (2025, before the range) → trainer at D2 (then facilitator at D5) → trainer.
    // Quin: participant at D1 → speaker at D6 → speaker.
    // Nils: trainer at D1 first, participant only later (D3) → not moved.
    // Olga: trainer at D4; her only earlier participant rows are a no_show (D1) and a cancelled activity (DX) → not.
    const { moved } = await queryDepth(t.db, scopeOf("D"), today);
    expect(moved).toEqual([
      { role: "trainer", people: 1 },
      { role: "speaker", people: 1 },
      { role: "facilitator", people: 0 },
      { role: "organiser", people: 0 },
    ]);
    expect(await namesOf(scopeOf("D"), { movedTo: "trainer" })).toEqual(["Mona"]);
    expect(await namesOf(scopeOf("D"), { movedTo: "speaker" })).toEqual(["Quin"]);
    expect(await namesOf(scopeOf("D"), { movedTo: "facilitator" })).toEqual([]);
  });

  it("averages pre/post scores per training over attended rows with both scores", async () => {
    // D2: Penny 60→65 only (Rita has a pre score alone) → 1 scored, pre 60, post 65 (gain 5).
    // D1: Penny 40→70, Quin 50→60 (Olga's no_show 10→90 ignored) → 2 scored, pre 45, post 65 (gain 20).
    // D3's scores are at a seminar, not a training. Average gain over trainings: (20 + 5) / 2 = 12.5
    // (not the per-row average (30 + 10 + 5) / 3 = 15).
    const depth = await queryDepth(t.db, scopeOf("D"), today);
    expect(
      depth.trainings.map(({ title, startDate, scored, pre, post }) => ({
        title: title.replace(suffix, ""),
        startDate,
        scored,
        pre,
        post,
      })),
    ).toEqual([
      { title: "D2", startDate: "2026-03-01", scored: 1, pre: 60, post: 65 },
      { title: "D1", startDate: "2026-02-01", scored: 2, pre: 45, post: 65 },
    ]);
    expect(depth.trainingsScored).toBe(2);
    expect(depth.averageGain).toBeCloseTo(12.5, 10);
  });
});

describe("queryOfficials: officials and parliamentarians reached", () => {
  const officialsScope = () => scopeOf("O", { from: "2025-01-01" });

  it("counts distinct officials and parliamentarians by their type at the time", async () => {
    // Officials: Ulla (O1 type now, O2 snapshot), Yuri (O3 snapshot) → 2; Xena's no_show and cancelled OX do not count.
    // Parliamentarians: Vlad (O3, type now; at O1 he was an expert), Wera (snapshots; "other" now) → 2.
    const officials = await queryOfficials(t.db, officialsScope(), today);
    expect({ officials: officials.officials, parliamentarians: officials.parliamentarians }).toEqual({
      officials: 2,
      parliamentarians: 2,
    });
    expect(await namesOf(officialsScope(), { stakeholderType: "parliamentarian" })).toEqual(["Vlad", "Wera"]);
  });

  it("breaks them down by year and by kind of activity", async () => {
    // 2025: O1 Ulla (official); Vlad there was an expert → 1 official, 0 parliamentarians, 1 participation.
    // 2026: O2 Ulla, Wera; O3 Vlad, Wera, Yuri → officials Ulla, Yuri; parliamentarians Vlad, Wera; 5 participations.
    // seminar: O1 Ulla; O3 Vlad, Wera, Yuri → 2 officials, 2 parliamentarians, 4 rows; conference: O2 Ulla, Wera.
    const { byYear, byKind, byCountry } = await queryOfficials(t.db, officialsScope(), today);
    expect(byYear).toEqual([
      { key: "2025", officials: 1, parliamentarians: 0, participations: 1 },
      { key: "2026", officials: 2, parliamentarians: 2, participations: 5 },
    ]);
    expect(byKind).toEqual([
      { key: "seminar", officials: 2, parliamentarians: 2, participations: 4 },
      { key: "conference", officials: 1, parliamentarians: 1, participations: 2 },
    ]);
    // GE: Vlad, Wera (3 rows); AZ: Ulla (2 rows); no country: Yuri (1 row).
    expect(byCountry).toEqual([
      { key: "GE", officials: 0, parliamentarians: 2, participations: 3 },
      { key: "AZ", officials: 1, parliamentarians: 0, participations: 2 },
      { key: null, officials: 1, parliamentarians: 0, participations: 1 },
    ]);
  });

  it("lists institutions by the organisation name on the roster row, not the name now", async () => {
    // Parliament: Vlad (O3), Wera (O2, O3) → 2 parliamentarians, 3 rows. Ministry of Justice (renamed since):
    // Ulla O1, O2 → 1 official, 2 rows. No organisation: Yuri → 1 official, 1 row.
    const { institutions } = await queryOfficials(t.db, officialsScope(), today);
    expect(institutions).toEqual([
      { key: "Parliament", organizationId: ids.Parl, officials: 0, parliamentarians: 2, participations: 3 },
      {
        key: "Ministry of Justice",
        organizationId: ids.MoJ,
        officials: 1,
        parliamentarians: 0,
        participations: 2,
      },
      { key: null, organizationId: null, officials: 1, parliamentarians: 0, participations: 1 },
    ]);
  });
});

describe("queryPartners: joint organisation", () => {
  it("counts each partner's activities by role, the people reached there, and its first and last joint activity", async () => {
    // Partner Alpha in range: N1 (lead AND host), N2 (co_organiser) → 2 activities (N1 once), lead 1, host 1,
    // co_organiser 1; people: Kai, Lea (N1), Lea, Max (N2) → 3; first ever N0 2024-05-01, last N2 2026-04-01
    // (NX is cancelled). Partner Beta: N1 (funder), N3 (venue) → 2; people Kai, Lea, Max (Ned no_show) → 3;
    // first N1, last N3 (NX cancelled, NP not held yet). Gamma and Delta have nothing in the range.
    const partners = await queryPartners(t.db, scopeOf("N"), today, 12);
    expect(partners.total).toBe(2);
    expect(partners.partners).toEqual([
      {
        id: ids.PA,
        name: "Partner Alpha",
        activities: 2,
        byRole: { lead: 1, co_organiser: 1, host: 1, funder: 0, venue: 0, media_partner: 0 },
        people: 3,
        first: "2024-05-01",
        last: "2026-04-01",
      },
      {
        id: ids.PB,
        name: "Partner Beta",
        activities: 2,
        byRole: { lead: 0, co_organiser: 0, host: 0, funder: 1, venue: 1, media_partner: 0 },
        people: 3,
        first: "2026-02-01",
        last: "2026-06-01",
      },
    ]);
  });

  it("lists partners with no joint activity in the last N months as dormant", async () => {
    // 12 months before 2026-11-28 = 2025-11-28: Gamma (last 2024-10-15) and Delta (last 2021-03-01) are dormant,
    // the most recent first; Alpha (2026-04-01) and Beta (2026-06-01) are not.
    // 48 months before = 2022-11-28: only Delta.
    const twelve = await queryPartners(t.db, scopeOf("N"), today, 12);
    expect(twelve.dormant).toEqual([
      { id: ids.PC, name: "Partner Gamma", last: "2024-10-15", activities: 1 },
      { id: ids.PD, name: "Partner Delta", last: "2021-03-01", activities: 1 },
    ]);
    const fortyEight = await queryPartners(t.db, scopeOf("N"), today, 48);
    expect(fortyEight.months).toBe(48);
    expect(fortyEight.dormant).toEqual([
      { id: ids.PD, name: "Partner Delta", last: "2021-03-01", activities: 1 },
    ]);
  });
});

describe("queryCommunities: who met whom", () => {
  it("counts distinct countries, communities and stakeholder types among each activity's attendees", async () => {
    // C5: Giorgi → 1/1/1/1. C4: Aygun, Bahram → AZ; Azerbaijani, Talysh; journalist, ngo_rep → 2/1/2/2.
    // C3: Aygun (snapshot expert), Bahram, Nino → AZ, GE; Azerbaijani, Talysh (Nino none); expert, ngo_rep → 3/2/2/2.
    // C2: Arev, Bahram, Xavi → AM, AZ (Xavi none); Armenian, Talysh (Xavi blank); ngo_rep, other → 3/2/2/2.
    // C1: Aygun, Giorgi, Nino (Arev no_show) → AZ, GE; Azerbaijani, Georgian; journalist, official, ngo_rep → 3/2/2/3.
    // C6 had nobody attend; CX is cancelled; C0 is before the range.
    const communities = await queryCommunities(t.db, scopeOf("C"), today);
    expect(
      communities.activities.map(({ title, people, countries, communities, types }) => [
        title.replace(suffix, ""),
        people,
        countries,
        communities,
        types,
      ]),
    ).toEqual([
      ["C5", 1, 1, 1, 1],
      ["C4", 2, 1, 2, 2],
      ["C3", 3, 2, 2, 2],
      ["C2", 3, 2, 2, 2],
      ["C1", 3, 2, 2, 3],
    ]);
  });

  it("counts the activities across countries and across communities", async () => {
    // Held in range: C1–C6 → 6; with people: C1–C5 → 5; 2+ countries: C1, C2, C3 → 3;
    // 2+ communities: C1, C2, C3, C4 → 4.
    const communities = await queryCommunities(t.db, scopeOf("C"), today);
    expect({
      total: communities.total,
      withPeople: communities.withPeople,
      acrossCountries: communities.acrossCountries,
      acrossCommunities: communities.acrossCommunities,
    }).toEqual({ total: 6, withPeople: 5, acrossCountries: 3, acrossCommunities: 4 });
  });

  it("lists the country pairs that met, each once with the smaller code first", async () => {
    // AZ–GE at C1 and C3 → 2; AM–AZ at C2 → 1. AM–GE only met at the cancelled CX and at C0 (before the range).
    const { pairs } = await queryCommunities(t.db, scopeOf("C"), today);
    expect(pairs).toEqual([
      { a: "AZ", b: "GE", activities: 2 },
      { a: "AM", b: "AZ", activities: 1 },
    ]);
  });
});
