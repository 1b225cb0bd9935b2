/**
 * Every create form carries a one-time token: the same form sent twice creates one record and the second answer goes
 * where the first did; a refused form keeps its token usable; housekeeping forgets tokens older than a day.
 */
import { count, eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  activityPartners,
  affiliations,
  focusAreas,
  formSubmissions,
  imports,
  organizations,
  participations,
  people,
  programmes,
  users,
} from "../../src/db/schema";
import type { Role } from "../../src/db/schema/enums";
import { deleteOldFormSubmissions } from "../../src/web/form-token";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { formTokenIn } from "../helpers/forms";
import { insertActivity, insertOrganization, insertPerson } from "../helpers/records";

let t: TestApp;
const clients = new Map<Role, Client>();
let activityId: number;
let programmeId: number;
let personId: number;
beforeAll(async () => {
  t = await createTestApp();
  for (const role of ["coordinator", "admin"] as const) clients.set(role, (await t.loginAs(role)).client);
  await insertOrganization(t.db, "Ganja Civic Forum");
  personId = await insertPerson(t.db, { fullName: "Aysel Mammadova" });
  await insertPerson(t.db, { fullName: "Tural Bayramov" });
  await insertPerson(t.db, { fullName: "Leyla Hasanova" });
  activityId = await insertActivity(t.db, { title: "Debate school", startDate: "2025-03-10" });
  const [programme] = await t.db.insert(programmes).values({ name: "Civic Dialogue" }).returning();
  programmeId = programme?.id ?? 0;
});
afterAll(async () => {
  await t?.close();
});

const client = (role: Role) => clients.get(role) as Client;
const rows = async (table: PgTable) => (await t.db.select({ n: count() }).from(table))[0]?.n ?? 0;
const roster = () => `/activities/${activityId}/participants`;

type CreateCase = {
  form: string;
  role: Role;
  /** The page the form is on (its token is read from there). */
  page: () => string;
  action: () => string;
  fields: () => Record<string, string>;
  table: PgTable;
  /** Where the second answer must go, when the first answer was not a redirect (an invitation shows its link). */
  repeatGoesTo?: string;
};

const cases: CreateCase[] = [
  {
    form: "a person",
    role: "coordinator",
    page: () => "/people/new",
    action: () => "/people",
    fields: () => ({ fullName: "Nino Kapanadze", stakeholderType: "expert" }),
    table: people,
  },
  {
    form: "an organisation",
    role: "coordinator",
    page: () => "/organizations/new",
    action: () => "/organizations",
    fields: () => ({ name: "Baku Press Club", kind: "media" }),
    table: organizations,
  },
  {
    form: "a programme",
    role: "coordinator",
    page: () => "/programmes/new",
    action: () => "/programmes",
    fields: () => ({ name: "Quality of Debate", funders: "" }),
    table: programmes,
  },
  {
    form: "a focus area",
    role: "coordinator",
    page: () => `/programmes/${programmeId}`,
    action: () => `/programmes/${programmeId}/focus-areas`,
    fields: () => ({ name: "Networking" }),
    table: focusAreas,
  },
  {
    form: "an activity",
    role: "coordinator",
    page: () => "/activities/new",
    action: () => "/activities",
    fields: () => ({
      title: "Roundtable in Gyumri",
      kind: "roundtable",
      status: "planned",
      startDate: "2025-05-01",
    }),
    table: activities,
  },
  {
    form: "an activity partner",
    role: "coordinator",
    page: () => `/activities/${activityId}/partners`,
    action: () => `/activities/${activityId}/partners`,
    fields: () => ({ organization: "Ganja Civic Forum", role: "host", contribution: "" }),
    table: activityPartners,
  },
  {
    form: "an affiliation",
    role: "coordinator",
    page: () => `/people/${personId}`,
    action: () => `/people/${personId}/affiliations`,
    fields: () => ({ organization: "Ganja Civic Forum", position: "Chair", kind: "staff", startDate: "" }),
    table: affiliations,
  },
  {
    form: "one participant found by the typeahead",
    role: "coordinator",
    page: () => `${roster()}?find=Aysel`,
    action: roster,
    fields: () => ({ personId: String(personId), role: "participant", status: "registered" }),
    table: participations,
  },
  {
    form: "someone new to the directory and the roster",
    role: "coordinator",
    page: roster,
    action: () => `${roster()}/new-person`,
    fields: () => ({
      fullName: "Newcomer Person",
      stakeholderType: "other",
      role: "speaker",
      status: "registered",
    }),
    table: people,
  },
  {
    form: "a user invitation",
    role: "admin",
    page: () => "/admin/users/new",
    action: () => "/admin/users",
    fields: () => ({ name: "Invited Once", email: "invited.once@example.org", role: "staff" }),
    table: users,
    repeatGoesTo: "/admin/users",
  },
];

describe.each(cases)("the form adding $form, sent twice with its token", (c) => {
  it("creates one record, and the second answer goes where the first did, saying it was already saved", async () => {
    const html = await (await client(c.role).get(c.page())).text();
    const form = { ...c.fields(), formToken: formTokenIn(html) };
    const before = await rows(c.table);
    const first = await client(c.role).post(c.action(), form);
    expect(first.status).toBeLessThan(400);
    expect(await rows(c.table)).toBe(before + 1);
    const second = await client(c.role).post(c.action(), form);
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toBe(c.repeatGoesTo ?? first.headers.get("location"));
    expect(await rows(c.table)).toBe(before + 1);
    const landing = await (await client(c.role).get(second.headers.get("location") ?? "")).text();
    expect(landing).toContain("This was already saved");
  });
});

describe("the roster's review, confirmed twice with its token", () => {
  it("adds the people and creates the new ones once", async () => {
    const coordinator = client("coordinator");
    const review = await coordinator.post(`${roster()}/review`, { list: "Tural Bayramov\nSomeone Unlisted" });
    const html = await review.text();
    const tural = /name="personIds" value="(\d+)"/.exec(html)?.[1] ?? "";
    const newLine = /name="(new-\d+)" value="Someone Unlisted"/.exec(html)?.[1] ?? "";
    const confirm = {
      formToken: formTokenIn(html),
      personIds: tural,
      [newLine]: "Someone Unlisted",
      role: "participant",
      status: "registered",
    };
    const [before, peopleBefore] = [await rows(participations), await rows(people)];
    const first = await coordinator.post(`${roster()}/bulk`, confirm);
    const second = await coordinator.post(`${roster()}/bulk`, confirm);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await rows(participations)).toBe(before + 2);
    expect(await rows(people)).toBe(peopleBefore + 1);
  });
});

describe("the import upload, sent twice with its token", () => {
  it("stores the file once and sends the second to the first's mapping step", async () => {
    const coordinator = client("coordinator");
    const token = formTokenIn(await (await coordinator.get("/imports/new")).text());
    const send = () => {
      const form = new FormData();
      form.set("formToken", token);
      form.set("kind", "people");
      form.set("file", new File(["Name,Email\nLeyla Hasanova,leyla@example.org\n"], "list.csv"));
      return coordinator.request("/imports", { method: "POST", body: form });
    };
    const first = await send();
    const second = await send();
    expect(first.status).toBe(303);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await rows(imports)).toBe(1);
  });
});

describe("a refused create form", () => {
  it("comes back with the same token, unused: the corrected form then creates once", async () => {
    const coordinator = client("coordinator");
    const token = formTokenIn(await (await coordinator.get("/activities/new")).text());
    const fields = { formToken: token, title: "Refused first", kind: "seminar", status: "planned" };
    const refused = await coordinator.post("/activities", { ...fields, startDate: "2025-02-30" });
    expect(refused.status).toBe(422);
    expect(formTokenIn(await refused.text())).toBe(token);
    // A refusal found inside the transaction (a programme that does not exist) rolls the claim back too.
    const unknown = await coordinator.post("/activities", {
      ...fields,
      startDate: "2025-02-03",
      programmeId: "999",
    });
    expect(unknown.status).toBe(422);
    const corrected = { ...fields, startDate: "2025-02-03" };
    expect((await coordinator.post("/activities", corrected)).status).toBe(303);
    expect((await coordinator.post("/activities", corrected)).status).toBe(303);
    expect(await t.db.$count(activities, eq(activities.title, "Refused first"))).toBe(1);
  });
});

describe("deleteOldFormSubmissions", () => {
  it("forgets tokens older than a day and keeps the newer ones", async () => {
    const [admin] = await t.db.select({ id: users.id }).from(users).limit(1);
    const userId = admin?.id ?? 0;
    const now = new Date("2026-03-05T12:00:00Z");
    await t.db.insert(formSubmissions).values([
      {
        userId,
        token: "old-token-0000000000000000",
        resultPath: "/a",
        createdAt: new Date("2026-03-04T11:59:00Z"),
      },
      {
        userId,
        token: "new-token-0000000000000000",
        resultPath: "/b",
        createdAt: new Date("2026-03-04T12:01:00Z"),
      },
    ]);
    expect(await deleteOldFormSubmissions(t.db, now)).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .select({ token: formSubmissions.token })
      .from(formSubmissions)
      .where(sql`${formSubmissions.token} like '%-token-%'`);
    expect(left.map((row) => row.token)).toEqual(["new-token-0000000000000000"]);
  });
});
