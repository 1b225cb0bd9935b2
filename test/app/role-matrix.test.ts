/** Walks every route of the app: each declares its access, and the declaration holds for every role and for visitors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowed, permissions, type RouteAccess } from "../../src/auth/permissions";
import {
  activities,
  activityPartners,
  affiliations,
  auditEvents,
  focusAreas,
  imports,
  interactions,
  organizations,
  participations,
  partnerRequests,
  people,
  programmes,
  users,
  userTokens,
} from "../../src/db/schema";
import { type Role, roles } from "../../src/db/schema/enums";
import { mergeKinds } from "../../src/merge/kinds";
import { mergeRecords } from "../../src/merge/queries";
import { type Client, createTestApp, testPassword } from "../helpers/app";

type DeclaredRoute = { method: string; path: string; access: RouteAccess | undefined };

// Top-level await: the route list must exist when the tests are collected, to give each route its own test.
const t = await createTestApp();
afterAll(async () => {
  await t.close();
});

/** One entry per method + path; the access middleware must be the route's first handler, or it guards nothing. */
function declaredRoutes(): DeclaredRoute[] {
  const found = new Map<string, DeclaredRoute>();
  for (const { method, path, handler } of t.app.routes) {
    if (method === "ALL") continue;
    const key = `${method} ${path}`;
    if (found.has(key)) continue;
    const access = (handler as { access?: RouteAccess }).access;
    found.set(key, { method, path, access });
  }
  return [...found.values()];
}

const routes = declaredRoutes();
const guarded = routes.filter(
  (route): route is DeclaredRoute & { access: Exclude<RouteAccess, "public"> } =>
    route.access !== undefined && route.access !== "public",
);
const open = routes.filter((route) => route.access === "public");

let target: { id: number; email: string };
/** The id that fills `:id`, by the path's first segment: a record of that kind that exists. */
const existing = new Map<string, number>();
const clients = new Map<Role, Client>();
beforeAll(async () => {
  // The user whose id fills `:id`; nobody signs in as them, so disabling them ends no one's test session.
  target = await t.createTestUser("staff", { name: "Route Target" });
  const [organization] = await t.db
    .insert(organizations)
    .values({ name: "Route Target Organisation" })
    .returning({ id: organizations.id });
  existing.set("organizations", organization?.id ?? 0);
  const [person] = await t.db
    .insert(people)
    .values({ fullName: "Route Target Person" })
    .returning({ id: people.id });
  existing.set("people", person?.id ?? 0);
  const [affiliation] = await t.db
    .insert(affiliations)
    .values({ personId: person?.id ?? 0, organizationId: organization?.id ?? 0 })
    .returning({ id: affiliations.id });
  existing.set("affiliationId", affiliation?.id ?? 0);
  const [programme] = await t.db
    .insert(programmes)
    .values({ name: "Route Target Programme" })
    .returning({ id: programmes.id });
  existing.set("programmes", programme?.id ?? 0);
  const [focusArea] = await t.db
    .insert(focusAreas)
    .values({ programmeId: programme?.id ?? 0, name: "Route Target Focus Area" })
    .returning({ id: focusAreas.id });
  existing.set("focusAreaId", focusArea?.id ?? 0);
  // In use, so every role allowed to remove it is refused the same way (409) instead of the first removing it.
  await t.db.insert(activities).values({
    title: "Route Target Focus Area Activity",
    kind: "seminar",
    startDate: "2020-01-01",
    programmeId: programme?.id ?? 0,
    focusAreaId: focusArea?.id ?? 0,
  });
  // A merge to undo: the first role allowed undoes it, the others are told it is already undone.
  const [kept, gone] = await t.db
    .insert(people)
    .values([{ fullName: "Route Merge Survivor" }, { fullName: "Route Merge Other" }])
    .returning({ id: people.id });
  const request = {
    survivorId: kept?.id ?? 0,
    otherId: gone?.id ?? 0,
    survivorVersion: 1,
    otherVersion: 1,
    choices: {},
  };
  const merged = await t.db.transaction((tx) =>
    mergeRecords(tx, mergeKinds.person, request, { userId: null }),
  );
  existing.set("merges", merged.outcome === "merged" ? merged.mergeId : 0);
  const [activity] = await t.db
    .insert(activities)
    .values({ title: "Route Target Activity", kind: "seminar", startDate: "2024-01-01" })
    .returning({ id: activities.id });
  existing.set("activities", activity?.id ?? 0);
  const [partner] = await t.db
    .insert(activityPartners)
    .values({ activityId: activity?.id ?? 0, organizationId: organization?.id ?? 0, role: "host" })
    .returning({ id: activityPartners.id });
  existing.set("partnerId", partner?.id ?? 0);
  const [participation] = await t.db
    .insert(participations)
    .values({ activityId: activity?.id ?? 0, personId: existing.get("people") ?? 0 })
    .returning({ id: participations.id });
  existing.set("participationId", participation?.id ?? 0);
  const [upload] = await t.db
    .insert(imports)
    .values({
      kind: "people",
      fileName: "route-target.csv",
      fileBytes: new TextEncoder().encode("Name,Email\nRoute Target Import,route.target@example.org\n"),
      encoding: "utf-8",
      delimiter: ",",
      mapping: { columns: ["full_name", "email"], overwrite: [] },
      // Done already: "run" then starts nothing in the background that could write while another role is checked.
      status: "done",
    })
    .returning({ id: imports.id });
  existing.set("imports", upload?.id ?? 0);
  const signedIn = new Map<Role, number>();
  // A confirmed sign-up request, waiting for a coordinator.
  const [signUp] = await t.db
    .insert(partnerRequests)
    .values({
      name: "Route Target Request",
      email: "route.request@example.org",
      organizationName: "Route Target NGO",
      status: "waiting",
    })
    .returning({ id: partnerRequests.id });
  existing.set("partner-requests", signUp?.id ?? 0);
  // The partner signs in for the target organisation, whose person and (joint) activity fill the portal's `:id`s.
  existing.set("partner/people", existing.get("people") ?? 0);
  existing.set("partner/activities", existing.get("activities") ?? 0);
  for (const role of roles) {
    const { client, user } = await t.loginAs(role, { organizationId: organization?.id ?? 0 });
    clients.set(role, client);
    signedIn.set(role, user.id);
  }
  // Logged by the staff user, its follow-up theirs: the least role allowed to change a contact is its author.
  // Its delete route comes last among the contact's routes, so every other route finds it.
  const staffId = signedIn.get("staff") ?? null;
  const [contact] = await t.db
    .insert(interactions)
    .values({
      kind: "call",
      subject: "Route Target Contact",
      occurredAt: new Date(),
      loggedBy: staffId,
      followUpDue: "2024-01-01",
      followUpAssigneeId: staffId,
    })
    .returning({ id: interactions.id });
  existing.set("interactions", contact?.id ?? 0);
});

/** Parameters that are names, not ids: a report is chosen by its name. */
const namedParams: Record<string, string> = { name: "overview" };

function concrete(path: string): string {
  const [, first = "", second = ""] = path.split("/");
  const id = existing.get(`${first}/${second}`) ?? existing.get(first) ?? target.id;
  return path
    .replace(/:id\b/g, String(id))
    .replace(/:(\w+)/g, (_whole, name: string) => String(existing.get(name) ?? namedParams[name]))
    .replace(/\*$/, "app.css");
}

function send(client: Client, method: string, path: string, form: Record<string, string> = {}) {
  const url = concrete(path);
  if (method === "GET") return client.get(url);
  if (method === "POST") return client.post(url, form);
  return client.request(url, { method });
}

/** What a refused request must leave untouched. */
async function snapshot() {
  return {
    users: await t.db.select().from(users).orderBy(users.id),
    audit: await t.db.$count(auditEvents),
    tokens: await t.db.$count(userTokens),
  };
}

function isSignInRedirect(response: Response): boolean {
  return response.status === 303 && (response.headers.get("location") ?? "").startsWith("/login");
}

describe("route declarations", () => {
  it("finds the app's routes", () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(keys).toContain("GET /");
    expect(keys).toContain("POST /login");
    expect(keys).toContain("POST /admin/users/:id/role");
    expect(keys).toContain("GET /people/:id/access-log");
    expect(keys).toContain("GET /admin/access-log");
    expect(keys).toContain("GET /people/:id/everything");
    expect(keys).toContain("GET /people/:id/everything.json");
    expect(keys).toContain("GET /exports/pseudonymised.csv");
    expect(routes.length).toBeGreaterThan(15);
  });

  it("every route declares its access as its first middleware", () => {
    const undeclared = routes.filter((route) => route.access === undefined);
    expect(undeclared.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it("every declared permission is in the matrix", () => {
    const unknown = guarded.filter(
      (route) => route.access !== "partner" && !Object.hasOwn(permissions, route.access),
    );
    expect(unknown.map((route) => `${route.method} ${route.path}: ${route.access}`)).toEqual([]);
  });
});

const label = <R extends DeclaredRoute>(route: R): [string, R] => [
  `${route.method} ${route.path} (${route.access})`,
  route,
];

describe.each(guarded.map(label))("%s", (_label, { method, path, access }) => {
  it("sends a signed-out visitor to sign in, and changes nothing", async () => {
    const before = await snapshot();
    const response = await send(t.client(), method, path);
    if (method === "GET") {
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toMatch(/^\/login\?next=/);
    } else {
      expect(response.status).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each(roles)("as %s: allowed when the matrix says so, else 403 and nothing changed", async (role) => {
    const client = clients.get(role);
    if (!client) throw new Error(`no client for ${role}`);
    const before = await snapshot();
    const response = await send(client, method, path);
    if (allowed(role, access)) {
      // Let in: any answer of the route itself (a page, a redirect, a 422 for the empty form), never a refusal or a crash.
      expect(response.status).toBeLessThan(500);
      expect([401, 403, 404]).not.toContain(response.status);
      expect(isSignInRedirect(response)).toBe(false);
    } else {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("Not allowed");
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe.each(open.map(label))("%s", (_label, { method, path }) => {
  it("is reachable signed out", async () => {
    // Signing in needs real credentials to show the route is open; every other public form is sent empty.
    const form: Record<string, string> =
      path === "/login" ? { email: target.email, password: testPassword } : {};
    const response = await send(t.client(), method, path, form);
    expect(response.status).not.toBe(401);
    expect(response.status).not.toBe(403);
    if (method === "GET") expect(isSignInRedirect(response)).toBe(false);
  });
});
