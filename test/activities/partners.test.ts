/** Joint organisation: partner organisations added to an activity by name with a role, listed, and removed. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityPartners, auditEvents, organizations } from "../../src/db/schema";
import { organizationSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertActivity } from "../helpers/records";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let activityId: number;
let organizationId: number;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  activityId = await insertActivity(t.db, { title: "Conference on IDP housing", startDate: "2024-10-01" });
  const name = "Society for Humanitarian Research";
  const [row] = await t.db
    .insert(organizations)
    .values({ name, ...organizationSearchColumns({ name }) })
    .returning({ id: organizations.id });
  organizationId = row?.id ?? 0;
});
afterAll(async () => {
  await t?.close();
});

const path = () => `/activities/${activityId}/partners`;

describe("partners of an activity", () => {
  it("are added by the organisation's name with a role, shown on the activity and the organisation, audited", async () => {
    const response = await coordinator.post(path(), {
      organization: "society for humanitarian research",
      role: "co_organiser",
      contribution: "Venue and interpreters",
    });
    expect(response.status).toBe(303);
    const [row] = await t.db
      .select()
      .from(activityPartners)
      .where(eq(activityPartners.activityId, activityId));
    expect(row).toMatchObject({
      organizationId,
      role: "co_organiser",
      contribution: "Venue and interpreters",
    });
    expect(await (await staff.get(`/activities/${activityId}`)).text()).toContain(
      "Society for Humanitarian Research",
    );
    expect(await (await staff.get(`/organizations/${organizationId}`)).text()).toContain(
      "Conference on IDP housing",
    );
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "activity.addPartner"));
    expect(events).toHaveLength(1);
  });

  it("refuses the same role twice, an unknown organisation and no role (422, nothing added)", async () => {
    const again = await coordinator.post(path(), {
      organization: "Society for Humanitarian Research",
      role: "co_organiser",
    });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("already has this role");
    const unknown = await coordinator.post(path(), { organization: "No Such NGO", role: "host" });
    expect(unknown.status).toBe(422);
    const noRole = await coordinator.post(path(), {
      organization: "Society for Humanitarian Research",
      role: "sponsor",
    });
    expect(noRole.status).toBe(422);
    expect(await t.db.$count(activityPartners, eq(activityPartners.activityId, activityId))).toBe(1);
  });

  it("can have a second role, and a role is removed by a coordinator only", async () => {
    await coordinator.post(path(), { organization: "Society for Humanitarian Research", role: "host" });
    const rows = await t.db
      .select()
      .from(activityPartners)
      .where(eq(activityPartners.activityId, activityId));
    expect(rows.map((row) => row.role).sort()).toEqual(["co_organiser", "host"]);
    const host = rows.find((row) => row.role === "host");
    expect((await staff.post(`${path()}/${host?.id}/delete`, {})).status).toBe(403);
    const removed = await coordinator.post(`${path()}/${host?.id}/delete`, {});
    expect(removed.status).toBe(303);
    expect(await t.db.$count(activityPartners, eq(activityPartners.activityId, activityId))).toBe(1);
    const twice = await coordinator.post(`${path()}/${host?.id}/delete`, {});
    expect(twice.status).toBe(303);
    expect(await (await coordinator.get(path())).text()).toContain("had already been removed");
  });

  it("shows staff the partners without the forms, and answers malformed ids with 404", async () => {
    const page = await (await staff.get(path())).text();
    expect(page).toContain("Society for Humanitarian Research");
    expect(page).not.toContain('name="organization"');
    expect((await staff.get("/activities/abc/partners")).status).toBe(404);
    expect(
      (await coordinator.post("/activities/999999/partners", { organization: "x", role: "host" })).status,
    ).toBe(404);
  });
});
