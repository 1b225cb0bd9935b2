/** Logging a contact: from a person's page and back, names typed and found, errors beside their fields, no open redirects. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, interactionOrganizations, interactionPeople, interactions } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertOrganization, insertPerson, sectionOf } from "../helpers/records";

let t: TestApp;
let staff: Client;
let staffUser: { id: number; name: string };
let aysel: number;
let forum: number;
beforeAll(async () => {
  // A zone far from UTC, so that reading the typed time in the programme's zone is visible.
  t = await createTestApp({ timeZone: "Asia/Baku" });
  ({ client: staff, user: staffUser } = await t.loginAs("staff"));
  aysel = await insertPerson(t.db, { fullName: "Aysel Mammadova", email: "aysel@example.org" });
  forum = await insertOrganization(t.db, "Ganja Civic Forum");
});
afterAll(async () => {
  await t?.close();
});

const contactCount = () => t.db.$count(interactions);

function contactForm(fields: Record<string, string> = {}): Record<string, string> {
  return {
    kind: "call",
    occurredAt: "2026-03-05T14:30",
    subject: "Invitation to the roundtable",
    notes: "",
    followUpDue: "",
    followUpAssigneeId: "",
    followUpNote: "",
    ...fields,
  };
}

describe("logging a contact from a person's page", () => {
  it("offers the link, keeps the person ticked, adds a typed organisation and a follow-up, and returns to the page", async () => {
    const page = await (await staff.get(`/people/${aysel}`)).text();
    const link = `/interactions/new?person=${aysel}&amp;return=%2Fpeople%2F${aysel}%23contacts`;
    expect(sectionOf(page, "contacts")).toContain(link);
    expect(page).toContain('<a href="/interactions/new">Log a contact</a>');

    const form = await staff.get(`/interactions/new?person=${aysel}&return=/people/${aysel}%23contacts`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toMatch(
      new RegExp(`<input type="checkbox" name="personIds" value="${aysel}" checked=""/>Aysel Mammadova`),
    );
    expect(html).toContain(`name="return" value="/people/${aysel}#contacts"`);

    const response = await staff.post(
      "/interactions",
      contactForm({
        personIds: String(aysel),
        organizations: "ganja civic forum",
        notes: "She will bring two colleagues.",
        followUpDue: "2026-03-10",
        followUpAssigneeId: String(staffUser.id),
        followUpNote: "Send the agenda",
        return: `/people/${aysel}#contacts`,
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/people/${aysel}#contacts`);

    const [row] = await t.db
      .select()
      .from(interactions)
      .where(eq(interactions.subject, "Invitation to the roundtable"));
    expect(row).toMatchObject({
      kind: "call",
      notes: "She will bring two colleagues.",
      loggedBy: staffUser.id,
      followUpDue: "2026-03-10",
      followUpAssigneeId: staffUser.id,
      followUpNote: "Send the agenda",
      followUpDoneAt: null,
    });
    // 14:30 in Baku (UTC+4) is 10:30 UTC.
    expect(row?.occurredAt.toISOString()).toBe("2026-03-05T10:30:00.000Z");
    const id = row?.id ?? 0;
    const linkedPeople = await t.db
      .select()
      .from(interactionPeople)
      .where(eq(interactionPeople.interactionId, id));
    expect(linkedPeople.map((link) => link.personId)).toEqual([aysel]);
    const linkedOrganizations = await t.db
      .select()
      .from(interactionOrganizations)
      .where(eq(interactionOrganizations.interactionId, id));
    expect(linkedOrganizations.map((link) => link.organizationId)).toEqual([forum]);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "interaction.create"));
    expect(audit).toMatchObject({ userId: staffUser.id, entityType: "interaction", entityId: id });
    expect(audit?.after).toMatchObject({ subject: "Invitation to the roundtable", personIds: [aysel] });

    const after = await (await staff.get(`/people/${aysel}`)).text();
    expect(after).toContain("Contact “Invitation to the roundtable” saved.");
    expect(sectionOf(after, "contacts")).toContain("Invitation to the roundtable");
    const organizationPage = await (await staff.get(`/organizations/${forum}`)).text();
    expect(sectionOf(organizationPage, "contacts")).toContain("Invitation to the roundtable");
  });

  it("finds people by email, several separated by semicolons", async () => {
    const rashad = await insertPerson(t.db, { fullName: "Rashad Guliyev" });
    const response = await staff.post(
      "/interactions",
      contactForm({ subject: "Two at once", people: "AYSEL@example.org; rashad guliyev" }),
    );
    expect(response.status).toBe(303);
    // No return path: back to the first person's page.
    expect(response.headers.get("location")).toBe(`/people/${aysel}`);
    const [row] = await t.db.select().from(interactions).where(eq(interactions.subject, "Two at once"));
    const linked = await t.db
      .select()
      .from(interactionPeople)
      .where(eq(interactionPeople.interactionId, row?.id ?? 0));
    expect(linked.map((link) => link.personId).sort()).toEqual([aysel, rashad].sort());
  });
});

describe("a contact that cannot be saved comes back with what was typed and the error beside its field", () => {
  async function refused(fields: Record<string, string>) {
    const before = await contactCount();
    const response = await staff.post("/interactions", contactForm(fields));
    expect(response.status).toBe(422);
    expect(await contactCount()).toBe(before);
    return response.text();
  }

  it("when no one is chosen", async () => {
    const html = await refused({ subject: "Nobody chosen" });
    expect(html).toContain("Choose at least one person or organisation.");
    expect(html).toContain('value="Nobody chosen"');
  });

  it("when a typed name finds no one, naming it", async () => {
    const html = await refused({ people: "Aysel Mammadova; Nobody Known", subject: "Unknown" });
    expect(html).toMatch(/id="field-people-error">No one in the directory by: “Nobody Known”/);
    expect(html).toContain('value="Aysel Mammadova; Nobody Known"');
  });

  it("when a typed name finds several, naming it", async () => {
    await insertPerson(t.db, { fullName: "Elnur Aliyev" });
    await insertPerson(t.db, { fullName: "Elnur Aliyev" });
    const html = await refused({ people: "elnur aliyev", subject: "Ambiguous" });
    expect(html).toMatch(/id="field-people-error">More than one record is called: “elnur aliyev”/);
  });

  it("when an organisation's name finds no one", async () => {
    const html = await refused({ organizations: "Unknown Union", subject: "Unknown organisation" });
    expect(html).toMatch(/id="field-organizations-error">No one in the directory by: “Unknown Union”/);
  });

  it("when the subject is missing", async () => {
    const html = await refused({ personIds: String(aysel), subject: "", notes: "Kept notes" });
    expect(html).toMatch(/id="field-subject-error">Please fill this in\./);
    expect(html).toContain("Kept notes");
    expect(html).toMatch(new RegExp(`name="personIds" value="${aysel}" checked`));
  });

  it("when the date is not a real one", async () => {
    const html = await refused({
      personIds: String(aysel),
      occurredAt: "2026-02-30T10:00",
      subject: "Bad date",
    });
    expect(html).toMatch(/id="field-occurredAt-error">Please enter a date and time\./);
    expect(html).toContain('value="2026-02-30T10:00"');
  });
});

describe("the return path", () => {
  it.each(["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"])(
    "ignores %s and goes to the contact's page",
    async (target) => {
      const response = await staff.post(
        "/interactions",
        contactForm({ personIds: String(aysel), subject: `Return ${target}`, return: target }),
      );
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/people/${aysel}`);
    },
  );

  it("follows a local path", async () => {
    const response = await staff.post(
      "/interactions",
      contactForm({
        organizationIds: String(forum),
        subject: "Local return",
        return: "/interactions?kind=call",
      }),
    );
    expect(response.headers.get("location")).toBe("/interactions?kind=call");
  });

  it("is not taken from the query string of the form page either", async () => {
    const html = await (await staff.get("/interactions/new?return=//evil.example")).text();
    expect(html).toContain('name="return" value=""');
  });
});
