/**
 * The partner portal's isolation matrix: two partner organisations, A and B. Partner A asks every partner route with
 * every id of B's records, as a page, as an htmx fragment and as CSV: each is answered 404 and none shows anything of
 * B's (names, emails, organisation, joint activity, proposals, staff-only fields, contact log), and nothing of B's
 * changes. A's own pages show none of B's either, and every staff route refuses partner A (403). Positive controls
 * (B sees its own people, A sees its own) show the checks can fail.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { allowed, type RouteAccess } from "../../src/auth/permissions";
import {
  activities,
  activityPartners,
  affiliations,
  interactionPeople,
  interactions,
  organizations,
  participations,
  partnerProposals,
  people,
} from "../../src/db/schema";
import { type Client, createTestApp } from "../helpers/app";

// Top-level await: the routes and the seeded ids must exist when the tests are collected, one test per case.
const t = await createTestApp();
afterAll(async () => {
  await t.close();
});

type DeclaredRoute = { method: string; path: string; access: RouteAccess | undefined };

/** One entry per method + path, with the access its first middleware declares. */
function declaredRoutes(): DeclaredRoute[] {
  const found = new Map<string, DeclaredRoute>();
  for (const { method, path, handler } of t.app.routes) {
    if (method === "ALL") continue;
    const key = `${method} ${path}`;
    if (found.has(key)) continue;
    found.set(key, { method, path, access: (handler as { access?: RouteAccess }).access });
  }
  return [...found.values()];
}

const routes = declaredRoutes();
const partnerRoutes = routes.filter(
  (route) => route.access === "partner" && (route.method === "GET" || route.method === "POST"),
);
/** GET routes of the staff side: neither the portal's nor public. */
const staffSideGetRoutes = routes.filter(
  (route): route is DeclaredRoute & { access: RouteAccess } =>
    route.method === "GET" &&
    route.access !== undefined &&
    route.access !== "partner" &&
    route.access !== "public",
);
/** Those the permission matrix keeps from partners: everything but their own account ("account:manage"). */
const staffGetRoutes = staffSideGetRoutes.filter((route) => !allowed("partner", route.access));
const sharedGetRoutes = staffSideGetRoutes.filter((route) => allowed("partner", route.access));

// ---- Seed -------------------------------------------------------------------------------------------------------

const names = {
  orgA: "Şərq Təşkilatı İzolyasiya-A",
  orgB: "Qərb Birliyi Изоляция-B",
  a1: "Aysel Əliyeva Isolation-A-1",
  a2: "Анна Изоляция-A-2",
  b1: "Борис Изоляция-B-1",
  b2: "Gülnarə Şükürova Isolation-B-2",
  jointA: "Joint Seminar Şərq-A",
  jointB: "Joint Workshop Гизли-B",
  openC: "Open Forum Açıq-C",
};
const emails = {
  a1: "aysel.a1@example.org",
  a2: "anna.a2@example.org",
  b1: "boris.b1@example.org",
  b2: "gulnare.b2@example.org",
};
const secrets = {
  community: "SecretCommunityB",
  notes: "StaffNoteB",
  contact: "ContactLogSecretB",
  orgProposal: "ProposalSecretB",
  personProposal: "PersonProposalSecretB",
};

async function newOrganization(name: string): Promise<number> {
  const [row] = await t.db.insert(organizations).values({ name }).returning({ id: organizations.id });
  return row?.id as number;
}

async function newPerson(
  organizationId: number,
  fields: Omit<typeof people.$inferInsert, "id">,
): Promise<number> {
  const [row] = await t.db.insert(people).values(fields).returning({ id: people.id });
  const id = row?.id as number;
  await t.db.insert(affiliations).values({ personId: id, organizationId, position: "Coordinator" });
  return id;
}

async function newJointActivity(title: string, organizationId: number, roster: number[]): Promise<number> {
  const [row] = await t.db
    .insert(activities)
    .values({ title, kind: "seminar", status: "held", startDate: "2024-03-01" })
    .returning({ id: activities.id });
  const id = row?.id as number;
  await t.db.insert(activityPartners).values({ activityId: id, organizationId, role: "co_organiser" });
  await t.db.insert(participations).values(
    roster.map((personId, index) => ({
      activityId: id,
      personId,
      organizationId,
      status: index === 0 ? ("attended" as const) : ("registered" as const),
    })),
  );
  return id;
}

const orgA = await newOrganization(names.orgA);
const orgB = await newOrganization(names.orgB);
const a1 = await newPerson(orgA, { fullName: names.a1, email: emails.a1, city: "Gəncə" });
const a2 = await newPerson(orgA, { fullName: names.a2, email: emails.a2 });
const staffOnlyB = {
  community: secrets.community,
  displacementStatus: "idp" as const,
  notes: secrets.notes,
};
const b1 = await newPerson(orgB, { fullName: names.b1, email: emails.b1, city: "Şəki", ...staffOnlyB });
const b2 = await newPerson(orgB, { fullName: names.b2, email: emails.b2, ...staffOnlyB });
const jointA = await newJointActivity(names.jointA, orgA, [a1, a2]);
const jointB = await newJointActivity(names.jointB, orgB, [b1, b2]);
await t.db.insert(partnerProposals).values([
  { organizationId: orgA, personId: null, field: "city", oldValue: "", newValue: "ProposalA" },
  { organizationId: orgB, personId: null, field: "description", oldValue: "", newValue: secrets.orgProposal },
  { organizationId: orgB, personId: b1, field: "city", oldValue: "Şəki", newValue: secrets.personProposal },
]);
const [contact] = await t.db
  .insert(interactions)
  .values({ kind: "call", subject: secrets.contact, occurredAt: new Date() })
  .returning({ id: interactions.id });
await t.db.insert(interactionPeople).values({ interactionId: contact?.id as number, personId: b1 });
// Activity C: open for nominations to everyone, joint with no one; B has nominated one of its people.
const [openActivity] = await t.db
  .insert(activities)
  .values({
    title: names.openC,
    kind: "roundtable",
    status: "planned",
    startDate: "2099-06-01",
    nominationsOpen: true,
    capacity: 10,
  })
  .returning({ id: activities.id });
const activityC = openActivity?.id as number;
await t.db.insert(participations).values({
  activityId: activityC,
  personId: b2,
  status: "nominated",
  organizationId: orgB,
  organizationName: names.orgB,
});

const { client: partnerA } = await t.loginAs("partner", { organizationId: orgA });
const { client: partnerB } = await t.loginAs("partner", { organizationId: orgB });

/** Everything of B's that partner A must never see. */
const bForbidden = [
  names.b1,
  names.b2,
  names.orgB,
  names.jointB,
  emails.b1,
  emails.b2,
  ...Object.values(secrets),
];
/** Never on any partner's page, B's own included: fields only staff may see. */
const staffOnly = [secrets.community, secrets.notes, secrets.contact];

// ---- Helpers ------------------------------------------------------------------------------------------------------

let requestsChecked = 0;

type Variant = "html" | "htmx" | "csv";
const variants: Variant[] = ["html", "htmx", "csv"];

function withVariant(path: string, variant: Variant): { url: string; headers: Record<string, string> } {
  if (variant === "htmx") return { url: path, headers: { "hx-request": "true" } };
  if (variant === "csv") return { url: `${path}${path.includes("?") ? "&" : "?"}format=csv`, headers: {} };
  return { url: path, headers: {} };
}

/** A plausible form for each POST: a change to a person, a nomination of B's person. */
function formFor(path: string): Record<string, string> {
  if (path.startsWith("/partner/people/")) return { fullName: "Hijack", email: "x@example.org" };
  if (path.endsWith("/nominations")) return { person: String(b1) };
  return { fullName: "Hijack", email: "x@example.org", person: String(b1), name: "Hijack" };
}

async function send(client: Client, method: string, path: string, variant: Variant) {
  const { url, headers } = withVariant(path, variant);
  requestsChecked += 1;
  const response =
    method === "POST" ? await client.post(url, formFor(path), headers) : await client.get(url, headers);
  return { status: response.status, body: await response.text() };
}

function leaksIn(body: string, forbidden: string[] = bForbidden): string[] {
  return forbidden.filter((text) => body.includes(text));
}

/** The ids of B's records that fit a route's `:id`; an unknown route gets every id B has. */
function bIdsFor(path: string): { label: string; id: number }[] {
  const bPeople = [
    { label: `B person ${names.b1}`, id: b1 },
    { label: `B person ${names.b2}`, id: b2 },
  ];
  const bActivities = [{ label: `B joint activity ${names.jointB}`, id: jointB }];
  if (path.startsWith("/partner/people/")) return bPeople;
  if (path.startsWith("/partner/activities/")) return bActivities;
  return [...bPeople, ...bActivities, { label: "B organisation", id: orgB }];
}

/** Every B-owned row the POSTs could touch, and the tables they could add to. */
async function bState() {
  return {
    people: await t.db
      .select()
      .from(people)
      .where(inArray(people.id, [b1, b2]))
      .orderBy(people.id),
    organization: await t.db.select().from(organizations).where(eq(organizations.id, orgB)),
    affiliations: await t.db.select().from(affiliations).orderBy(affiliations.id),
    participations: await t.db.select().from(participations).orderBy(participations.id),
    proposals: await t.db.select().from(partnerProposals).orderBy(partnerProposals.id),
    activities: await t.db.select().from(activities).orderBy(activities.id),
    peopleCount: await t.db.$count(people),
  };
}

// ---- Tests --------------------------------------------------------------------------------------------------------

describe("partner routes", () => {
  it("are found, with the person and activity pages among them", () => {
    const keys = partnerRoutes.map((route) => `${route.method} ${route.path}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toContain("GET /partner/people/:id");
    expect(keys).toContain("GET /partner/activities/:id");
    expect(keys).toContain("POST /partner/activities/:id/nominations");
  });

  it("include routes without an id (the organisation's own lists)", () => {
    expect(partnerRoutes.filter((route) => !route.path.includes(":")).length).toBeGreaterThan(0);
  });
});

describe("positive controls: B sees its own records, never the staff-only fields", () => {
  it.each([
    ["B person 1", b1, names.b1],
    ["B person 2", b2, names.b2],
  ])(
    "as partner B, /partner/people/<%s> is 200 with the name and no staff-only field",
    async (_l, id, name) => {
      const { status, body } = await send(partnerB, "GET", `/partner/people/${id}`, "html");
      expect(status).toBe(200);
      expect(body).toContain(name);
      expect(leaksIn(body, staffOnly)).toEqual([]);
    },
  );

  it("as partner B, the person page shows B's own open proposal for that person", async () => {
    const { body } = await send(partnerB, "GET", `/partner/people/${b1}`, "html");
    expect(body).toContain(secrets.personProposal);
  });

  it("as partner B, B's joint activity is 200 and lists B's people", async () => {
    const { status, body } = await send(partnerB, "GET", `/partner/activities/${jointB}`, "html");
    expect(status).toBe(200);
    expect(body).toContain(names.jointB);
    expect(body).toContain(names.b1);
    expect(body).toContain(names.b2);
    expect(leaksIn(body, staffOnly)).toEqual([]);
  });

  it("as partner B, B's joint activity roster as CSV lists B's people", async () => {
    const { status, body } = await send(
      partnerB,
      "GET",
      `/partner/activities/${jointB}/participants.csv`,
      "html",
    );
    expect(status).toBe(200);
    expect(body).toContain(names.b1);
    expect(body).toContain(names.b2);
  });

  it("as partner B, activity C shows B's own nomination", async () => {
    const { status, body } = await send(partnerB, "GET", `/partner/activities/${activityC}`, "html");
    expect(status).toBe(200);
    expect(body).toContain(names.b2);
  });

  it("as partner B, the home page shows B's name, people and open proposal, and no staff-only field", async () => {
    const { status, body } = await send(partnerB, "GET", "/partner", "html");
    expect(status).toBe(200);
    expect(body).toContain(names.orgB);
    expect(body).toContain(names.b1);
    expect(body).toContain(secrets.orgProposal);
    expect(leaksIn(body, staffOnly)).toEqual([]);
  });

  it("as partner A, A's own person and joint activity are 200", async () => {
    const person = await send(partnerA, "GET", `/partner/people/${a1}`, "html");
    expect(person.status).toBe(200);
    expect(person.body).toContain(names.a1);
    const activity = await send(partnerA, "GET", `/partner/activities/${jointA}`, "html");
    expect(activity.status).toBe(200);
    expect(activity.body).toContain(names.a2);
  });
});

type IdCase = { method: string; path: string; target: string; url: string; variant: Variant };

const idCases: IdCase[] = partnerRoutes
  .filter((route) => route.path.includes(":"))
  .flatMap((route) =>
    bIdsFor(route.path).flatMap(({ label, id }) =>
      variants.map((variant) => ({
        method: route.method,
        path: route.path,
        target: label,
        url: route.path.replace(/:\w+/g, String(id)),
        variant,
      })),
    ),
  );

describe("partner A asks for B's records on every partner route", () => {
  let before: Awaited<ReturnType<typeof bState>>;

  it("has cases for every partner route with an id", async () => {
    const covered = new Set(idCases.map((c) => `${c.method} ${c.path}`));
    const withId = partnerRoutes.filter((route) => route.path.includes(":"));
    expect(withId.length).toBeGreaterThan(0);
    for (const route of withId) expect(covered).toContain(`${route.method} ${route.path}`);
    before = await bState();
  });

  it.each(idCases.map((c) => [`${c.method} ${c.path} with ${c.target} (${c.variant})`, c] as const))(
    "%s: 404, nothing of B's",
    async (_label, { method, url, variant }) => {
      const { status, body } = await send(partnerA, method, url, variant);
      expect(status).toBe(404);
      expect(leaksIn(body)).toEqual([]);
    },
  );

  it.each(variants)("nominating B's people to open activity C (%s): 404, nothing added", async (variant) => {
    for (const person of [b1, b2]) {
      const { url, headers } = withVariant(`/partner/activities/${activityC}/nominations`, variant);
      requestsChecked += 1;
      const response = await partnerA.post(url, { person: String(person) }, headers);
      expect(response.status).toBe(404);
      expect(leaksIn(await response.text())).toEqual([]);
    }
    const rows = await t.db
      .select({ personId: participations.personId, organizationId: participations.organizationId })
      .from(participations)
      .where(eq(participations.activityId, activityC));
    expect(rows).toEqual([{ personId: b2, organizationId: orgB }]);
  });

  it("changed nothing of B's: people, organisation, affiliations, rosters, proposals, activities", async () => {
    expect(before).toBeDefined();
    expect(await bState()).toEqual(before);
    const proposalsOnB = await t.db
      .select()
      .from(partnerProposals)
      .where(inArray(partnerProposals.personId, [b1, b2]));
    expect(proposalsOnB.map((row) => row.newValue)).toEqual([secrets.personProposal]);
  });
});

const ownCases = partnerRoutes
  .filter((route) => route.method === "GET" && !route.path.includes(":"))
  .flatMap((route) => variants.map((variant) => ({ path: route.path, variant })));

describe("partner A's own pages show nothing of B's", () => {
  it("covers the home page, the activities list, the people CSV and the profile", () => {
    const paths = new Set(ownCases.map((c) => c.path));
    for (const path of ["/partner", "/partner/activities", "/partner/people.csv", "/partner/profile"])
      expect(paths).toContain(path);
  });

  it.each(ownCases.map((c) => [`GET ${c.path} (${c.variant})`, c] as const))(
    "%s: 200, nothing of B's",
    async (_label, { path, variant }) => {
      const { status, body } = await send(partnerA, "GET", path, variant);
      expect(status).toBe(200);
      expect(leaksIn(body)).toEqual([]);
    },
  );

  it("the home page and the people CSV show A's own people (control)", async () => {
    const home = await send(partnerA, "GET", "/partner", "html");
    expect(home.body).toContain(names.orgA);
    expect(home.body).toContain(names.a1);
    expect(home.body).toContain(names.a2);
    const csv = await send(partnerA, "GET", "/partner/people.csv", "html");
    expect(csv.body).toContain(names.a1);
    expect(csv.body).toContain(names.a2);
  });

  it("the activities list shows A's joint activity and open activity C, not B's joint one", async () => {
    const { body } = await send(partnerA, "GET", "/partner/activities", "html");
    expect(body).toContain(names.jointA);
    expect(body).toContain(names.openC);
    expect(body).not.toContain(names.jointB);
  });

  it.each(variants)("open activity C (%s): 200, B's nomination not shown", async (variant) => {
    const { status, body } = await send(partnerA, "GET", `/partner/activities/${activityC}`, variant);
    expect(status).toBe(200);
    if (variant !== "htmx") expect(body).toContain(names.openC);
    expect(leaksIn(body)).toEqual([]);
  });

  it.each(variants)("open activity C's roster CSV (%s): 200, B's nomination not in it", async (variant) => {
    const { status, body } = await send(
      partnerA,
      "GET",
      `/partner/activities/${activityC}/participants.csv`,
      variant,
    );
    expect(status).toBe(200);
    expect(leaksIn(body)).toEqual([]);
  });
});

/** Fills a staff route's parameters with B's ids by its first segment, else 1. */
function staffUrl(path: string): string {
  const [, first = ""] = path.split("/");
  const id = { people: b1, organizations: orgB, activities: jointB }[first] ?? 1;
  return path.replace(/:\w+/g, String(id)).replace(/\*$/, "x");
}

describe("partner A on staff routes", () => {
  it("finds staff GET routes", () => {
    const keys = staffGetRoutes.map((route) => route.path);
    expect(keys).toContain("/people/:id");
    expect(keys).toContain("/organizations/:id");
    expect(keys).toContain("/activities/:id");
  });

  it.each(staffGetRoutes.map((route) => [`GET ${route.path} (${route.access})`, route.path] as const))(
    "%s: 403, nothing of B's",
    async (_label, path) => {
      const { status, body } = await send(partnerA, "GET", staffUrl(path), "html");
      expect(status).toBe(403);
      expect(leaksIn(body)).toEqual([]);
    },
  );

  // The matrix lets a partner manage their own account: those routes answer, but with nothing of B's.
  it.each(sharedGetRoutes.map((route) => [`GET ${route.path} (${route.access})`, route.path] as const))(
    "%s: open to partners by the matrix, not refused, nothing of B's",
    async (_label, path) => {
      const { status, body } = await send(partnerA, "GET", staffUrl(path), "html");
      expect(status).toBeLessThan(500);
      expect([401, 403]).not.toContain(status);
      expect(leaksIn(body)).toEqual([]);
    },
  );
});

describe("the matrix", () => {
  it("checked requests", () => {
    // Written to the log so the count can be read from a run.
    console.info(`partner isolation: ${requestsChecked} requests checked`);
    expect(requestsChecked).toBeGreaterThan(idCases.length);
  });
});
