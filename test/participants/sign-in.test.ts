/**
 * A roster on paper and back: the sign-in sheet lists who is expected with room to sign, and the roster's download,
 * filled in with who came, imports back as attendance without touching anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { participations } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { importText } from "../imports/import-text";
import { roster, rosterFixtures } from "./fixtures";

let t: TestApp;
let staff: Client;
let manager: Client;
const fixtures = rosterFixtures(() => t.db, "Sign-in seminar", "2026-03-10");
let activityId: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: manager } = await t.loginAs("manager"));
  activityId = await fixtures.activity({ city: "Gəncə", country: "AZ" });
  const statuses = {
    "Aysel Quliyeva": "registered",
    "Нино Беридзе": "registered",
    "Tural Həsənov": "cancelled",
  };
  for (const [name, status] of Object.entries(statuses)) {
    people[name] = await fixtures.person(name, { email: `${Object.keys(people).length}@sheet.az` });
    await t.db.insert(participations).values({
      activityId,
      personId: people[name] ?? 0,
      status: status as "registered" | "cancelled",
      organizationName: "Gəncə Gənclər Birliyi",
    });
  }
});
afterAll(async () => {
  await t?.close();
});

describe("the sign-in sheet", () => {
  it("lists who is expected, with their organisation, a column to sign and blank lines, for every role", async () => {
    const response = await staff.get(`${roster(activityId)}/sign-in`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Sign-in sheet: Sign-in seminar 1");
    expect(html).toContain("Gəncə, Azerbaijan");
    expect(html).toContain("<td>Aysel Quliyeva</td><td>Gəncə Gənclər Birliyi</td>");
    expect(html).toContain("<td>Нино Беридзе</td>");
    expect(html).not.toContain("Tural Həsənov");
    expect(html.match(/<td class="signature"><\/td>/g)).toHaveLength(2 + 10);
    expect((await staff.get(`${roster(activityId + 1000)}/sign-in`)).status).toBe(404);
  });
});

describe("the roster's download, filled in", () => {
  it("imports back as attendance: the one marked as come is attended, nobody else changes", async () => {
    expect((await staff.get(`${roster(activityId)}?format=csv`)).status).toBe(403);
    const response = await manager.get(`${roster(activityId)}?format=csv`);
    expect(response.status).toBe(200);
    const file = new TextDecoder().decode(await response.arrayBuffer());
    const lines = file.split("\r\n");
    expect(lines[0]).toBe(
      "Full name,Email,Role,Status,Organisation,Stakeholder type,Pre-assessment,Post-assessment",
    );
    // Who came is written in by hand, as on paper.
    const filled = lines
      .map((line) => (line.startsWith("Aysel Quliyeva,") ? line.replace(",Registered,", ",Attended,") : line))
      .join("\r\n");
    expect(filled).not.toBe(file);
    const before = await fixtures.rowsOf(activityId);
    const imported = await importText(t.db, "participants", filled, { activityId });
    expect(imported.counts).toMatchObject({ created: 0, rejected: 0, peopleCreated: 0 });
    const after = await fixtures.rowsOf(activityId);
    const statusOf = (rows: typeof after, name: string) =>
      rows.find((row) => row.personId === people[name])?.status;
    expect(statusOf(after, "Aysel Quliyeva")).toBe("attended");
    expect(statusOf(after, "Нино Беридзе")).toBe(statusOf(before, "Нино Беридзе"));
    expect(statusOf(after, "Tural Həsənov")).toBe("cancelled");
    expect(after).toHaveLength(before.length);
  });
});
