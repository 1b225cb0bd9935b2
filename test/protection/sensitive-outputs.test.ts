/**
 * Sensitive fields by role and output path: a person's community and displacement status reach coordinators and
 * above only. One person carries marker values (a community changed from an old marker to a new one, so the history
 * holds both, and "idp"); every role opens every page, fragment and download that could show them, and each cell of
 * that matrix is its own test. A 200 shows the markers only when the role is coordinator or above and the path is one
 * that shows them (so a cell fails both ways: a leak to staff, or a coordinator's page that lost the field); a role
 * the path is not for gets 403 or 404. `PRINT_MATRIX=1` prints the table of role × path × status × what was seen.
 */
import { read, utils } from "@e965/xlsx";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleRank } from "../../src/auth/permissions";
import { consents, imports, people } from "../../src/db/schema";
import { type Role, roles } from "../../src/db/schema/enums";
import { personSearchColumns } from "../../src/directory/search-columns";
import { en } from "../../src/i18n/en";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import {
  insertActivity,
  insertAffiliation,
  insertOrganization,
  insertParticipation,
  insertPartner,
  insertPerson,
} from "../helpers/records";

/** The values only coordinators and above may see, each unique to this file. */
const community = "Marker-Community-Qx7";
const oldCommunity = "Marker-Old-Qx7";
const importedCommunity = "Marker-Import-Qx7";
const idpLabel = en["displacement.idp"] as string;
const suppressed = (en["pseudonymised.suppressed"] as string).replace("{count}", "5");

const target = "Samira Targetova";
/** Like the target, for the merge view; no sensitive values. */
const lookalike = "Samira Targetva";
/** Attends too, has no community: a list narrowed by the target's community leaves this one out. */
const control = "Kamran Controlov";
const activityTitle = "Qx7 Dialogue Seminar";
const importedName = "Imported Qx7 Person";

/**
 * What a page can give away. `community`, `previous` (the old community, in the history) and `displacement` (the
 * label of "idp", or "idp" as a JSON value) are read on every path; `imported` (the import file's community column)
 * on the import's pages; `narrowed` — the target listed without the control, i.e. the list was narrowed by the
 * community or displacement status asked for — only on paths marked `narrows`.
 */
type Seen = "community" | "previous" | "displacement" | "imported" | "narrowed";

type Ids = { person: number; lookalike: number; activity: number; import: number; pseudonym: string };

type OutputPath = {
  name: string;
  url: (ids: Ids) => string;
  /** The least role answered 200; "partner" means partner accounts only (the portal). */
  access: Role;
  /** What a coordinator or above is shown here: [] for a path that must never show either field. */
  shows: Seen[];
  format?: "html" | "csv" | "xlsx" | "json";
  /** Sent with HX-Request: true, for the part htmx swaps (src/web/render.tsx). */
  fragment?: boolean;
  narrows?: boolean;
  /** What every 200 holds, whoever asks (the target's name unless told), so an answer without a marker is not empty. */
  about?: (ids: Ids) => string[];
};

const range = "from=2025-01-01&to=2025-12-31";
/** The community asked for in lower case: the list matches it in any case, but only a stored value shows it as typed. */
const askedCommunity = encodeURIComponent(community.toLowerCase());

// biome-ignore format: one path a line reads as a table
const paths: OutputPath[] = [
  // The person's page: the values for coordinators, "recorded; visible to coordinators" for staff.
  { name: "person page", url: (i) => `/people/${i.person}`, access: "staff", shows: ["community", "displacement"] },
  { name: "person page (htmx)", url: (i) => `/people/${i.person}`, access: "staff", shows: ["community", "displacement"], fragment: true },
  // The edit form: the sensitive fieldset for coordinators only (its select lists every status's label).
  { name: "person edit form", url: (i) => `/people/${i.person}/edit`, access: "staff", shows: ["community", "displacement"] },
  // The list shows no sensitive column.
  { name: "people list", url: () => "/people", access: "staff", shows: [] },
  { name: "people list (htmx)", url: () => "/people", access: "staff", shows: [], fragment: true },
  // Filtered by community: the filter works for coordinators only, so for staff it must not narrow the list.
  { name: "people list by community", url: () => `/people?community=${askedCommunity}`, access: "staff", shows: ["narrowed"], narrows: true },
  { name: "people list by community (htmx)", url: () => `/people?community=${askedCommunity}`, access: "staff", shows: ["narrowed"], narrows: true, fragment: true },
  // Downloads: managers and above, with the sensitive columns.
  { name: "people CSV", url: () => "/people?format=csv", access: "manager", shows: ["community", "displacement"], format: "csv" },
  { name: "people XLSX", url: () => "/people?format=xlsx", access: "manager", shows: ["community", "displacement"], format: "xlsx" },
  { name: "people CSV by community", url: () => `/people?format=csv&community=${askedCommunity}`, access: "manager", shows: ["community", "displacement", "narrowed"], format: "csv", narrows: true },
  // The history: the change of community, both values, for coordinators; withheld for staff.
  { name: "person history", url: (i) => `/people/${i.person}/history`, access: "staff", shows: ["community", "previous", "displacement"] },
  { name: "person history (htmx)", url: (i) => `/people/${i.person}/history`, access: "staff", shows: ["community", "previous", "displacement"], fragment: true },
  // The timeline: affiliations, activities, contacts; no sensitive field.
  { name: "person timeline", url: (i) => `/people/${i.person}/timeline`, access: "staff", shows: [] },
  // Merging (coordinators): picking the other record, and the two side by side with every field.
  { name: "merge pick", url: (i) => `/people/${i.person}/merge`, access: "coordinator", shows: [] },
  { name: "merge view", url: (i) => `/people/${i.person}/merge?with=${i.lookalike}`, access: "coordinator", shows: ["community", "displacement"] },
  { name: "merge view (htmx)", url: (i) => `/people/${i.person}/merge?with=${i.lookalike}`, access: "coordinator", shows: ["community", "displacement"], fragment: true },
  { name: "duplicates", url: () => "/duplicates?kind=person", access: "coordinator", shows: [] },
  // Reports (managers): reach shows community and displacement as labelled counts (small groups as "<5").
  { name: "reach report", url: () => `/reports/reach?${range}`, access: "manager", shows: ["community", "displacement"], about: () => [] },
  { name: "reach community CSV", url: () => `/reports/reach?format=csv&table=community&${range}`, access: "manager", shows: ["community"], format: "csv", about: () => [] },
  { name: "reach displacement XLSX", url: () => `/reports/reach?format=xlsx&table=displacement&${range}`, access: "manager", shows: ["displacement"], format: "xlsx", about: () => [] },
  // Communities report: how many communities met, never which.
  { name: "communities report", url: () => `/reports/communities?${range}`, access: "manager", shows: [], about: () => [activityTitle] },
  { name: "communities activities CSV", url: () => `/reports/communities?format=csv&table=activities&${range}`, access: "manager", shows: [], format: "csv", about: () => [activityTitle] },
  // The records behind a figure: the sensitive breakdowns link to none, and such facets are ignored, not applied.
  { name: "report records", url: () => `/reports/records?of=people&${range}`, access: "manager", shows: [] },
  { name: "report records by community", url: () => `/reports/records?of=people&community=${askedCommunity}&displacement=idp&displacementStatus=idp&${range}`, access: "manager", shows: [], narrows: true },
  { name: "report records CSV", url: () => `/reports/records?of=people&format=csv&${range}`, access: "manager", shows: [], format: "csv" },
  // Donors' pseudonymised file: a community held by fewer than 5 reads "suppressed", even with consent to share.
  { name: "pseudonymised CSV", url: () => `/exports/pseudonymised.csv?${range}`, access: "manager", shows: [], format: "csv", about: (i) => [i.pseudonym, suppressed] },
  { name: "pseudonymised XLSX", url: () => `/exports/pseudonymised.csv?format=xlsx&${range}`, access: "manager", shows: [], format: "xlsx", about: (i) => [i.pseudonym, suppressed] },
  // The import wizard (coordinators): the file's own columns on the mapping page; the preview of what it would write.
  { name: "import mapping", url: (i) => `/imports/${i.import}/map`, access: "coordinator", shows: ["imported"], about: () => [importedName] },
  { name: "import preview", url: (i) => `/imports/${i.import}/preview`, access: "coordinator", shows: [], about: () => [importedName] },
  // The roster and its download: names, roles, statuses; no sensitive field.
  { name: "activity page", url: (i) => `/activities/${i.activity}`, access: "staff", shows: [], about: () => [activityTitle] },
  { name: "roster", url: (i) => `/activities/${i.activity}/participants`, access: "staff", shows: [] },
  { name: "roster CSV", url: (i) => `/activities/${i.activity}/participants?format=csv`, access: "manager", shows: [], format: "csv" },
  { name: "roster XLSX", url: (i) => `/activities/${i.activity}/participants?format=xlsx`, access: "manager", shows: [], format: "xlsx" },
  // Search: names, emails, phones; never by community.
  { name: "search by name", url: () => `/search?q=${encodeURIComponent(target)}`, access: "staff", shows: [] },
  { name: "search by community", url: () => `/search?q=${askedCommunity}`, access: "staff", shows: [], narrows: true, about: () => [] },
  { name: "search by community (htmx)", url: () => `/search?q=${askedCommunity}`, access: "staff", shows: [], narrows: true, fragment: true, about: () => [] },
  // Everything held on the person (an access request), page and JSON: all of it, both community values included.
  { name: "everything page", url: (i) => `/people/${i.person}/everything`, access: "coordinator", shows: ["community", "previous", "displacement"] },
  { name: "everything JSON", url: (i) => `/people/${i.person}/everything.json`, access: "coordinator", shows: ["community", "previous", "displacement"], format: "json" },
  // Who saw the person's sensitive fields (coordinators), and everyone's (admins): users and pages, not the values.
  { name: "access log", url: (i) => `/people/${i.person}/access-log`, access: "coordinator", shows: [] },
  { name: "access log, everyone's", url: () => "/admin/access-log", access: "admin", shows: [] },
  // The partner portal (partners only): their organisation's people and joint activities, never a sensitive field.
  { name: "partner home", url: () => "/partner", access: "partner", shows: [] },
  { name: "partner person", url: (i) => `/partner/people/${i.person}`, access: "partner", shows: [] },
  { name: "partner people CSV", url: () => "/partner/people.csv", access: "partner", shows: [], format: "csv" },
  { name: "partner activity", url: (i) => `/partner/activities/${i.activity}`, access: "partner", shows: [] },
  { name: "partner participants CSV", url: (i) => `/partner/activities/${i.activity}/participants.csv`, access: "partner", shows: [], format: "csv" },
];

const seesSensitive = (role: Role) => roleRank(role) >= roleRank("coordinator");
/** Whether the path answers this role: the portal partners alone, every other path its role and above. */
const answers = (role: Role, path: OutputPath) =>
  path.access === "partner"
    ? role === "partner"
    : role !== "partner" && roleRank(role) >= roleRank(path.access);

/** The response as text: an XLSX workbook's cells (every sheet), anything else decoded as it is. */
async function textOf(response: Response, format: OutputPath["format"]): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (format !== "xlsx" || response.status !== 200) return new TextDecoder().decode(bytes);
  const book = read(bytes, { type: "array" });
  return book.SheetNames.map((name) => {
    const sheet = book.Sheets[name];
    return sheet ? JSON.stringify(utils.sheet_to_json(sheet, { header: 1 })) : "";
  }).join("\n");
}

function seenIn(text: string, path: OutputPath): Seen[] {
  const seen: Seen[] = [];
  if (text.includes(community)) seen.push("community");
  if (text.includes(oldCommunity)) seen.push("previous");
  if (text.includes(idpLabel) || /"displacement\w*"\s*:\s*"idp"/i.test(text)) seen.push("displacement");
  if (text.includes(importedCommunity)) seen.push("imported");
  if (path.narrows && text.includes(target) && !text.includes(control)) seen.push("narrowed");
  return seen;
}

let t: TestApp;
const ids = {} as Ids;
const clients = {} as Record<Role, Client>;
const matrix: { role: Role; path: string; status: number; seen: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const organization = await insertOrganization(t.db, "Qx7 Partner Organisation");
  for (const role of roles)
    clients[role] = (
      await t.loginAs(role, role === "partner" ? { organizationId: organization } : {})
    ).client;
  const coordinator = clients.coordinator;

  // The target, added and then edited through the forms, so the history holds the old and the new community.
  const added = await coordinator.post("/people", {
    fullName: target,
    stakeholderType: "ngo_representative",
    email: "samira.targetova@example.org",
    community: oldCommunity,
    displacementStatus: "idp",
    notDuplicate: "on",
  });
  expect(added.status).toBe(303);
  ids.person = Number(added.headers.get("location")?.split("/").at(-1));
  const edited = await coordinator.post(`/people/${ids.person}`, {
    fullName: target,
    stakeholderType: "ngo_representative",
    email: "samira.targetova@example.org",
    community,
    displacementStatus: "idp",
    version: "1",
  });
  expect(edited.status).toBe(303);
  const [stored] = await t.db.select().from(people).where(eq(people.id, ids.person));
  expect(stored).toMatchObject({ community, displacementStatus: "idp" });
  ids.pseudonym = String(stored?.pseudonym);
  // Consent to share with donors: the pseudonymised file may then give the community, unless the group is small.
  await t.db
    .insert(consents)
    .values({ personId: ids.person, purpose: "donor_sharing", status: "given", givenOn: "2025-01-10" });

  ids.lookalike = await insertPerson(t.db, {
    fullName: lookalike,
    email: "samira.t@example.org",
    ...personSearchColumns({ fullName: lookalike, otherNames: [], email: "samira.t@example.org" }),
  });
  const controlId = await insertPerson(t.db, {
    fullName: control,
    ...personSearchColumns({ fullName: control, otherNames: [] }),
  });

  // An activity the target and the control attended, run with the partner's organisation, the target sent by it.
  await insertAffiliation(t.db, { personId: ids.person, organizationId: organization, isPrimary: true });
  ids.activity = await insertActivity(t.db, { title: activityTitle, startDate: "2025-06-10" });
  await insertPartner(t.db, { activityId: ids.activity, organizationId: organization, role: "co_organiser" });
  await insertParticipation(t.db, {
    activityId: ids.activity,
    personId: ids.person,
    status: "attended",
    organizationId: organization,
  });
  await insertParticipation(t.db, { activityId: ids.activity, personId: controlId, status: "attended" });

  // An import whose file has a community column (which no field takes), uploaded and mapped: its preview.
  const form = new FormData();
  form.set("kind", "people");
  const file = `Full name,Email,Community\r\n${importedName},imported.qx7@example.org,${importedCommunity}\r\n`;
  form.set("file", new File([file], "with-community.csv", { type: "text/csv" }));
  const uploaded = await coordinator.request("/imports", { method: "POST", body: form });
  expect(uploaded.status).toBe(303);
  ids.import = Number(uploaded.headers.get("location")?.split("/")[2]);
  const mapped = await coordinator.post(`/imports/${ids.import}/map`, {
    encoding: "utf-8",
    delimiter: ",",
    "column-0": "full_name",
    "column-1": "email",
    "column-2": "",
  });
  expect(mapped.headers.get("location")).toBe(`/imports/${ids.import}/preview`);
  const [record] = await t.db.select().from(imports).where(eq(imports.id, ids.import));
  expect(record?.status).toBe("mapped");
});

afterAll(async () => {
  if (process.env.PRINT_MATRIX) {
    const lines = matrix.map((cell) => `| ${cell.path} | ${cell.role} | ${cell.status} | ${cell.seen} |`);
    console.info(["| path | role | status | seen |", "|---|---|---|---|", ...lines].join("\n"));
  }
  await t?.close();
});

describe.each(roles)("as %s", (role) => {
  it.each(paths)("$name", async (path) => {
    const headers: Record<string, string> = path.fragment ? { "HX-Request": "true" } : {};
    const response = await clients[role].get(path.url(ids), headers);
    const text = await textOf(response, path.format);
    const seen = response.status === 200 ? seenIn(text, path) : [];
    matrix.push({ role, path: path.name, status: response.status, seen: seen.join(" ") || "–" });
    if (!answers(role, path)) {
      expect([403, 404]).toContain(response.status);
      return;
    }
    expect(response.status, text.slice(0, 300)).toBe(200);
    for (const expected of (path.about ?? (() => [target]))(ids))
      expect(text.includes(expected), `the answer holds "${expected}"`).toBe(true);
    if (path.fragment) expect(text).not.toContain("<html");
    expect(seen.sort()).toEqual(seesSensitive(role) ? [...path.shows].sort() : []);
  });
});
