/**
 * The partner portal end to end over HTTP: a representative asks for an account, confirms the email, a coordinator
 * approves or rejects (both mailed); a partner proposes changes a coordinator accepts or rejects field by field; a
 * partner nominates people within the activity's places and deadline, and a coordinator's decision is mailed back.
 * Without an SMTP server every mail waits in the outbox with its text, which is where these tests read it.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activities,
  activityPartners,
  affiliations,
  auditEvents,
  mailMessages,
  organizations,
  participations,
  partnerProposals,
  partnerRequests,
  people,
  users,
} from "../../src/db/schema";
import { organizationSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { freshIp, newPassword } from "../helpers/auth";

let t: TestApp;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  ({ client: coordinator } = await t.loginAs("coordinator"));
});
afterAll(async () => {
  await t.close();
});

async function latestMailTo(to: string) {
  const [mail] = await t.db
    .select()
    .from(mailMessages)
    .where(eq(mailMessages.toAddress, to))
    .orderBy(desc(mailMessages.id))
    .limit(1);
  return mail;
}

function linkIn(body: string | null | undefined, path: string): string {
  const match = body?.match(new RegExp(`http://localhost:3000(${path}\\?token=[^\\s]+)`));
  if (!match?.[1]) throw new Error(`no ${path} link in: ${body}`);
  return match[1];
}

async function newOrganization(name: string): Promise<number> {
  const [row] = await t.db
    .insert(organizations)
    .values({ name, ...organizationSearchColumns({ name }) })
    .returning({ id: organizations.id });
  return row?.id as number;
}

async function newPerson(
  name: string,
  organizationId: number,
  fields: Partial<typeof people.$inferInsert> = {},
) {
  const [row] = await t.db
    .insert(people)
    .values({ fullName: name, ...fields })
    .returning({ id: people.id });
  const id = row?.id as number;
  await t.db.insert(affiliations).values({ personId: id, organizationId });
  return id;
}

/** Signs up through the public form and confirms the email; returns the request id. */
async function signUpAndConfirm(email: string, organization: string, locale = "en"): Promise<number> {
  const visitor = t.client();
  if (locale !== "en") await visitor.post("/locale", { locale });
  const sent = await visitor.post(
    "/partner-signup",
    { name: "Nigar Əliyeva", email, organization },
    { "x-forwarded-for": freshIp() },
  );
  expect(sent.status).toBe(200);
  const mail = await latestMailTo(email);
  const confirm = linkIn(mail?.body, "/partner-signup/confirm");
  const page = await visitor.get(confirm);
  expect(page.status).toBe(200);
  const token = decodeURIComponent(confirm.split("token=")[1] ?? "");
  const confirmed = await visitor.post("/partner-signup/confirm", { token });
  expect(confirmed.status).toBe(200);
  const [request] = await t.db.select().from(partnerRequests).where(eq(partnerRequests.email, email));
  expect(request?.status).toBe("waiting");
  return request?.id as number;
}

describe("asking for a partner account", () => {
  it("confirms the email, then a coordinator approves it for an existing organisation and the partner signs in", async () => {
    const organizationId = await newOrganization("Qafqaz Gənclər Birliyi");
    const requestId = await signUpAndConfirm("nigar@example.org", "Qafqaz Gənclər Birliyi", "az");
    const list = await (await coordinator.get("/partner-requests")).text();
    expect(list).toContain("Nigar Əliyeva");
    const page = await (await coordinator.get(`/partner-requests/${requestId}`)).text();
    expect(page).toContain("Qafqaz Gənclər Birliyi");
    const approved = await coordinator.post(`/partner-requests/${requestId}/approve`, {
      organization: "Qafqaz Gənclər Birliyi",
      mode: "link",
    });
    expect(approved.status).toBe(303);
    const [account] = await t.db.select().from(users).where(eq(users.email, "nigar@example.org"));
    expect(account?.role).toBe("partner");
    expect(account?.organizationId).toBe(organizationId);
    // Mailed in the language they asked in.
    const mail = await latestMailTo("nigar@example.org");
    expect(mail?.subject).toBe("Roundtable tərəfdaş hesabınız hazırdır");
    const partner = t.client();
    const link = linkIn(mail?.body, "/set-password");
    const token = decodeURIComponent(link.split("token=")[1] ?? "");
    const set = await partner.post("/set-password", {
      token,
      password: newPassword,
      passwordConfirm: newPassword,
    });
    expect(set.headers.get("location")).toBe("/partner");
    const home = await (await partner.get("/partner")).text();
    expect(home).toContain("Qafqaz Gənclər Birliyi");
    // A partner has no staff page: the dashboard refuses them.
    expect((await partner.get("/")).status).toBe(403);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, "partner_request"));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining([
        "partner_request.create",
        "partner_request.confirm",
        "partner_request.approve",
      ]),
    );
  });

  it("creates the organisation when the coordinator says it is new", async () => {
    const requestId = await signUpAndConfirm("new.org@example.org", "Гражданская Инициатива Кахетии");
    const approved = await coordinator.post(`/partner-requests/${requestId}/approve`, {
      organization: "Гражданская инициатива Кахетии",
      mode: "create",
    });
    expect(approved.status).toBe(303);
    const [organization] = await t.db
      .select()
      .from(organizations)
      .where(eq(organizations.name, "Гражданская инициатива Кахетии"));
    const [account] = await t.db.select().from(users).where(eq(users.email, "new.org@example.org"));
    expect(account?.organizationId).toBe(organization?.id);
  });

  it("rejects with a reason that is mailed, and a second decision is refused", async () => {
    const requestId = await signUpAndConfirm("rejected@example.org", "Unknown Group");
    const empty = await coordinator.post(`/partner-requests/${requestId}/reject`, { reason: "  " });
    expect(empty.status).toBe(422);
    const rejected = await coordinator.post(`/partner-requests/${requestId}/reject`, {
      reason: "We do not work in this region.",
    });
    expect(rejected.status).toBe(303);
    expect((await latestMailTo("rejected@example.org"))?.body).toContain("We do not work in this region.");
    const again = await coordinator.post(`/partner-requests/${requestId}/approve`, {
      organization: "Unknown Group",
      mode: "create",
    });
    expect(again.status).toBe(409);
    expect(await t.db.$count(users, eq(users.email, "rejected@example.org"))).toBe(0);
  });

  it("refuses an incomplete form with messages beside the fields, keeping what was typed", async () => {
    const response = await t
      .client()
      .post(
        "/partner-signup",
        { name: "Арам", email: "not-an-email", organization: "" },
        { "x-forwarded-for": freshIp() },
      );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Please enter an email address like name@example.org.");
    expect(html).toContain('value="Арам"');
    expect(await t.db.$count(partnerRequests, eq(partnerRequests.name, "Арам"))).toBe(0);
  });

  it("keeps no request for an address that has an account, and mails it so instead", async () => {
    const existing = await t.createTestUser("staff", { email: "has.account@example.org" });
    const response = await t
      .client()
      .post(
        "/partner-signup",
        { name: "Someone", email: existing.email, organization: "Any NGO" },
        { "x-forwarded-for": freshIp() },
      );
    expect(response.status).toBe(200);
    expect(await t.db.$count(partnerRequests, eq(partnerRequests.email, existing.email))).toBe(0);
    expect((await latestMailTo(existing.email))?.subject).toBe("You already have a Roundtable account");
  });

  it("suggests directory names in any script from three letters on, names only", async () => {
    await newOrganization("Vətəndaş Cəmiyyəti Mərkəzi");
    const two = await (await t.client().get("/partner-signup/organizations?organization=Ve")).text();
    expect(two).not.toContain("<option");
    const typed = await (
      await t.client().get(`/partner-signup/organizations?organization=${encodeURIComponent("Ватандаш")}`)
    ).text();
    expect(typed).toContain("Vətəndaş Cəmiyyəti Mərkəzi");
  });

  it("never suggests an organisation because its email or phone matched what was typed", async () => {
    const [row] = await t.db
      .insert(organizations)
      .values({
        name: "Quiet Shelter",
        email: "hidden.contact@example.org",
        phone: "+994501112233",
        ...organizationSearchColumns({
          name: "Quiet Shelter",
          email: "hidden.contact@example.org",
          phone: "+994501112233",
        }),
      })
      .returning({ id: organizations.id });
    expect(row).toBeDefined();
    // Staff's own typeahead finds it by email: the same search, so the public form is what filters.
    for (const typed of ["hidden.contact", "501112233"]) {
      const html = await (await t.client().get(`/partner-signup/organizations?organization=${typed}`)).text();
      expect(html, typed).not.toContain("Quiet Shelter");
    }
    const byName = await (await t.client().get("/partner-signup/organizations?organization=quiet")).text();
    expect(byName).toContain("Quiet Shelter");
  });

  it("answers a used or unknown confirmation link with 410", async () => {
    expect((await t.client().get("/partner-signup/confirm?token=nope")).status).toBe(410);
    expect((await t.client().post("/partner-signup/confirm", { token: "nope" })).status).toBe(410);
  });
});

describe("proposed changes", () => {
  it("keeps each changed field as a proposal, which a coordinator accepts or rejects", async () => {
    const organizationId = await newOrganization("Proposal NGO");
    const personId = await newPerson("Aysel Həsənova", organizationId, {
      city: "Gəncə",
      community: "Secret",
    });
    const { client: partner } = await t.loginAs("partner", { organizationId });
    const sent = await partner.post(`/partner/people/${personId}`, {
      fullName: "Aysel Həsənova",
      email: "aysel@example.org",
      phone: "",
      city: "Bakı",
    });
    expect(sent.status).toBe(303);
    // Nothing reached the record yet.
    const [before] = await t.db.select().from(people).where(eq(people.id, personId));
    expect(before?.city).toBe("Gəncə");
    const proposals = await t.db
      .select()
      .from(partnerProposals)
      .where(eq(partnerProposals.personId, personId));
    expect(proposals.map((row) => [row.field, row.oldValue, row.newValue]).sort()).toEqual([
      ["city", "Gəncə", "Bakı"],
      ["email", "", "aysel@example.org"],
    ]);
    const review = await (await coordinator.get("/partner-requests")).text();
    expect(review).toContain("Bakı");
    const city = proposals.find((row) => row.field === "city");
    const email = proposals.find((row) => row.field === "email");
    expect((await coordinator.post(`/partner-proposals/${city?.id}/accept`, {})).status).toBe(303);
    expect((await coordinator.post(`/partner-proposals/${email?.id}/reject`, {})).status).toBe(303);
    const [after] = await t.db.select().from(people).where(eq(people.id, personId));
    expect(after?.city).toBe("Bakı");
    expect(after?.email).toBeNull();
    // Staff-only fields went through untouched.
    expect(after?.community).toBe("Secret");
    const actions = (await t.db.select().from(auditEvents)).map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "partner_proposal.create",
        "partner_proposal.accept",
        "partner_proposal.reject",
      ]),
    );
  });

  it("shows the coordinator today's value when the record changed after the partner proposed", async () => {
    const organizationId = await newOrganization("Changed Meanwhile NGO");
    const personId = await newPerson("Kamran Quliyev", organizationId, { city: "Şəki" });
    const { client: partner } = await t.loginAs("partner", { organizationId });
    await partner.post(`/partner/people/${personId}`, { fullName: "Kamran Quliyev", city: "Qəbələ" });
    await t.db.update(people).set({ city: "Lənkəran" }).where(eq(people.id, personId));
    const [proposal] = await t.db
      .select()
      .from(partnerProposals)
      .where(eq(partnerProposals.personId, personId));
    const review = await (await coordinator.get("/partner-requests")).text();
    const row = review.slice(review.indexOf(`id="proposal-${proposal?.id}"`));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(
      /Lənkəran[\s\S]*changed since; the partner saw “Şəki”/,
    );
  });

  it("refuses an invalid value with a message and keeps nothing", async () => {
    const organizationId = await newOrganization("Invalid Proposal NGO");
    const { client: partner } = await t.loginAs("partner", { organizationId });
    const response = await partner.post("/partner/profile", { name: "", email: "nope" });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Please enter an email address like name@example.org.");
    expect(await t.db.$count(partnerProposals, eq(partnerProposals.organizationId, organizationId))).toBe(0);
  });
});

describe("nominations", () => {
  async function openActivity(capacity: number | null, organizationId?: number) {
    const [activity] = await t.db
      .insert(activities)
      .values({
        title: `Training ${Math.random()}`,
        kind: "training",
        startDate: "2099-05-01",
        nominationsOpen: true,
        capacity,
      })
      .returning({ id: activities.id });
    const id = activity?.id as number;
    if (organizationId)
      await t.db.insert(activityPartners).values({ activityId: id, organizationId, role: "host" });
    return id;
  }

  it("nominates existing and new people; the coordinator's decisions are kept and mailed", async () => {
    const organizationId = await newOrganization("Nominating NGO");
    const first = await newPerson("Leyla Məmmədova", organizationId);
    const second = await newPerson("Арам Петросян", organizationId);
    const { client: partner, user } = await t.loginAs("partner", { organizationId });
    const activityId = await openActivity(5);
    const sent = await partner.post(`/partner/activities/${activityId}/nominations`, {
      person: `${first},${second}`,
      newName0: "Giorgi Beridze",
      newEmail0: "giorgi@example.org",
    });
    expect(sent.status).toBe(303);
    const rows = await t.db.select().from(participations).where(eq(participations.activityId, activityId));
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.status === "nominated" && row.organizationId === organizationId)).toBe(
      true,
    );
    const page = await (await partner.get(`/partner/activities/${activityId}`)).text();
    expect(page).toContain("Giorgi Beridze");
    expect(page).toContain("Nominated");
    const nominations = await (await coordinator.get(`/activities/${activityId}/nominations`)).text();
    expect(nominations).toContain("Leyla Məmmədova");
    const accept = rows.find((row) => row.personId === first);
    const decline = rows.find((row) => row.personId === second);
    expect(
      (await coordinator.post(`/activities/${activityId}/nominations/${accept?.id}`, { decision: "accept" }))
        .status,
    ).toBe(303);
    expect(
      (
        await coordinator.post(`/activities/${activityId}/nominations/${decline?.id}`, {
          decision: "decline",
        })
      ).status,
    ).toBe(303);
    const again = await coordinator.post(`/activities/${activityId}/nominations/${accept?.id}`, {
      decision: "decline",
    });
    expect(again.headers.get("location")).toBe(`/activities/${activityId}/nominations`);
    const after = await t.db.select().from(participations).where(eq(participations.activityId, activityId));
    expect(after.find((row) => row.personId === first)?.status).toBe("registered");
    expect(after.find((row) => row.personId === second)?.status).toBe("declined");
    expect((await latestMailTo(user.email))?.subject).toContain("Арам Петросян");
    const shown = await (await partner.get(`/partner/activities/${activityId}`)).text();
    expect(shown).toContain("Registered");
  });

  it("refuses more people than places left, adding none", async () => {
    const organizationId = await newOrganization("Full NGO");
    const ids = [
      await newPerson("One Person", organizationId),
      await newPerson("Two Person", organizationId),
    ];
    const { client: partner } = await t.loginAs("partner", { organizationId });
    const activityId = await openActivity(1);
    const response = await partner.post(`/partner/activities/${activityId}/nominations`, {
      person: ids.join(","),
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Only 1 place is left");
    expect(await t.db.$count(participations, eq(participations.activityId, activityId))).toBe(0);
  });

  it("refuses nominations once the deadline has passed or the activity is closed", async () => {
    const organizationId = await newOrganization("Late NGO");
    const personId = await newPerson("Late Person", organizationId);
    const { client: partner } = await t.loginAs("partner", { organizationId });
    const activityId = await openActivity(null, organizationId);
    await t.db
      .update(activities)
      .set({ nominationDeadline: "2020-01-01" })
      .where(eq(activities.id, activityId));
    const late = await partner.post(`/partner/activities/${activityId}/nominations`, {
      person: String(personId),
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("no longer takes nominations");
    expect(await t.db.$count(participations, eq(participations.activityId, activityId))).toBe(0);
  });

  it("lets a coordinator open nominations with places and a deadline, and refuses a bad number", async () => {
    const activityId = await openActivity(null);
    const bad = await coordinator.post(`/activities/${activityId}/nominations/settings`, {
      open: "on",
      capacity: "-3",
    });
    expect(bad.status).toBe(422);
    const saved = await coordinator.post(`/activities/${activityId}/nominations/settings`, {
      open: "on",
      capacity: "12",
      deadline: "2099-04-01",
    });
    expect(saved.status).toBe(303);
    const [row] = await t.db.select().from(activities).where(eq(activities.id, activityId));
    expect([row?.nominationsOpen, row?.capacity, row?.nominationDeadline]).toEqual([true, 12, "2099-04-01"]);
  });

  it("refuses an overlong list of people and a made-up decision with a 4xx, changing nothing", async () => {
    const organizationId = await newOrganization("Overlong NGO");
    const personId = await newPerson("Only Person", organizationId);
    const { client: partner } = await t.loginAs("partner", { organizationId });
    const activityId = await openActivity(null, organizationId);
    const ids = Array.from({ length: 70_000 }, (_, index) => index + 1).join(",");
    const overlong = await partner.post(`/partner/activities/${activityId}/nominations`, { person: ids });
    expect(overlong.status).toBe(422);
    expect(await overlong.text()).toContain("nominate at most 500 in one go");
    expect(await t.db.$count(participations, eq(participations.activityId, activityId))).toBe(0);
    await partner.post(`/partner/activities/${activityId}/nominations`, { person: String(personId) });
    const [row] = await t.db.select().from(participations).where(eq(participations.activityId, activityId));
    const madeUp = await coordinator.post(`/activities/${activityId}/nominations/${row?.id}`, {
      decision: "promote",
    });
    expect(madeUp.status).toBe(400);
    const [after] = await t.db
      .select()
      .from(participations)
      .where(eq(participations.id, row?.id as number));
    expect(after?.status).toBe("nominated");
    const [activity] = await t.db.select().from(activities).where(eq(activities.id, activityId));
    expect(activity?.nominationsOpen).toBe(true);
  });

  it("two partners nominating for the last place at once: one gets it", async () => {
    const activityId = await openActivity(1);
    const clients = [];
    for (const name of ["Race A", "Race B"]) {
      const organizationId = await newOrganization(name);
      const personId = await newPerson(`${name} Person`, organizationId);
      const { client } = await t.loginAs("partner", { organizationId });
      clients.push({ client, personId });
    }
    const answers = await Promise.all(
      clients.map(({ client, personId }) =>
        client.post(`/partner/activities/${activityId}/nominations`, { person: String(personId) }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409]);
    expect(
      await t.db.$count(
        participations,
        and(eq(participations.activityId, activityId), eq(participations.status, "nominated")),
      ),
    ).toBe(1);
  });
});
