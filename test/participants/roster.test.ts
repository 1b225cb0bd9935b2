/** The roster of an activity: listing, finding and adding one person, the snapshot, status/role/scores, edit, remove, roles. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, auditEvents, people } from "../../src/db/schema";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { insertAffiliation, insertOrganization, insertParticipation, sectionOf } from "../helpers/records";
import { roster, rosterFixtures } from "./fixtures";

let t: TestApp;
let staff: Client;
let coordinator: Client;
let anonymous: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  ({ client: coordinator } = await t.loginAs("coordinator"));
  anonymous = t.client();
});
afterAll(async () => {
  await t?.close();
});

const { person, activity, rowsOf, rowOf, rowIdOf } = rosterFixtures(
  () => t.db,
  "Roster activity",
  "2024-05-14",
);

/** The markup of one roster row, `<tr id="participant-N">` to its end. */
function tableRow(html: string, rowId: number): string {
  const start = html.indexOf(`<tr id="participant-${rowId}"`);
  if (start < 0) throw new Error(`no row ${rowId} on the page`);
  return html.slice(start, html.indexOf("</tr>", start));
}

/** The cells of a roster row as text (tags removed), the name first. */
function cellsOf(html: string, rowId: number): string[] {
  const row = tableRow(html, rowId);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) =>
    (cell ?? "")
      .replace(/<option[^>]*selected[^>]*>([^<]*)<\/option>/g, "[$1]")
      .replace(/<option[^>]*>[^<]*<\/option>/g, "")
      .replace(/<[^>]+>/g, "")
      .trim(),
  );
}

/** The option chosen in a select of the markup, by the select's id. */
function selected(html: string, selectId: string): string | undefined {
  const start = html.indexOf(`id="${selectId}"`);
  if (start < 0) return undefined;
  const select = html.slice(start, html.indexOf("</select>", start));
  return /<option value="([^"]+)" selected/.exec(select)?.[1];
}

function namesOn(html: string): string[] {
  return [...html.matchAll(/<th scope="row"><a href="\/people\/\d+">([^<]*)<\/a><\/th>/g)].map(
    ([, name]) => name ?? "",
  );
}

const page = async (client: Client, path: string) => (await client.get(path)).text();

async function auditsOf(activityId: number, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.entityType, "activity"),
        eq(auditEvents.entityId, activityId),
      ),
    );
}

describe("the roster page", () => {
  it("lists people in name order with organisation, stakeholder type, role and status, and the counts by status", async () => {
    const id = await activity();
    const ministry = await insertOrganization(t.db, "Ministry of Labour");
    const zaur = await person("Zaur Aliyev", { stakeholderType: "official" });
    const aysel = await person("aysel Karimova", { stakeholderType: "journalist" });
    const murad = await person("Murad Hasanov");
    await insertParticipation(t.db, {
      activityId: id,
      personId: zaur,
      role: "speaker",
      status: "attended",
      organizationId: ministry,
      organizationName: "Ministry of Labour",
      stakeholderType: "official",
    });
    await insertParticipation(t.db, {
      activityId: id,
      personId: aysel,
      status: "registered",
      stakeholderType: "journalist",
    });
    await insertParticipation(t.db, { activityId: id, personId: murad, status: "registered" });

    const html = await page(staff, roster(id));
    expect(namesOn(html)).toEqual(["aysel Karimova", "Murad Hasanov", "Zaur Aliyev"]);
    const zaurRow = await rowIdOf(id, zaur);
    expect(cellsOf(html, zaurRow).slice(0, 5)).toEqual([
      "Zaur Aliyev",
      "Ministry of Labour",
      "Official",
      "Speaker",
      "[Attended]",
    ]);
    expect(cellsOf(html, await rowIdOf(id, aysel)).slice(0, 5)).toEqual([
      "aysel Karimova",
      "",
      "Journalist",
      "Participant",
      "[Registered]",
    ]);
    const counts = sectionOf(html, "roster-summary");
    expect(counts).toContain("All: <strong>3</strong>");
    expect(counts).toContain("Registered: <strong>2</strong>");
    expect(counts).toContain("Attended: <strong>1</strong>");
    expect(counts).toContain("Invited: <strong>0</strong>");

    // ?status= filters the table, not the counts.
    const attended = await page(staff, `${roster(id)}?status=attended`);
    expect(namesOn(attended)).toEqual(["Zaur Aliyev"]);
    expect(sectionOf(attended, "roster-summary")).toContain("All: <strong>3</strong>");
  });

  it("gives staff a status control on each row but no role control and no way to add; coordinators get both", async () => {
    const id = await activity();
    const one = await person("Leyla Mammadli");
    const two = await person("Rashad Guliyev");
    await insertParticipation(t.db, { activityId: id, personId: one });
    await insertParticipation(t.db, { activityId: id, personId: two });
    const rows = [await rowIdOf(id, one), await rowIdOf(id, two)];

    const asStaff = await page(staff, roster(id));
    for (const row of rows) {
      expect(tableRow(asStaff, row)).toContain(`id="status-${row}"`);
      expect(tableRow(asStaff, row)).not.toContain(`id="role-${row}"`);
      expect(tableRow(asStaff, row)).not.toContain("/edit");
    }
    expect(asStaff).not.toContain("Add participants");
    expect(asStaff).not.toContain(`action="${roster(id)}/review"`);

    const asCoordinator = await page(coordinator, roster(id));
    for (const row of rows) {
      expect(tableRow(asCoordinator, row)).toContain(`id="status-${row}"`);
      expect(selected(asCoordinator, `role-${row}`)).toBe("participant");
    }
    expect(sectionOf(asCoordinator, "add-participants-title")).toContain("Add participants");
    expect(asCoordinator).toContain(`action="${roster(id)}/review"`);
  });

  it("shows the roster of a cancelled activity, rows kept", async () => {
    const id = await activity({ status: "cancelled" });
    const kept = await person("Cancelled Seminar Guest");
    await insertParticipation(t.db, { activityId: id, personId: kept, status: "cancelled" });
    const response = await staff.get(roster(id));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("This activity was cancelled. Its roster is kept.");
    expect(namesOn(html)).toEqual(["Cancelled Seminar Guest"]);
    expect(await rowsOf(id)).toHaveLength(1);
  });
});

describe("finding a person to add", () => {
  it("finds a Latin name by a Cyrillic or ASCII spelling, in the typeahead and with ?find=", async () => {
    const id = await activity();
    const elcin = await person("Elçin Məmmədov", { email: "elcin@example.az" });
    await person("Someone Else Entirely");

    for (const query of ["Мамедов", "Elchin"]) {
      const fragment = await coordinator.get(`${roster(id)}/find?find=${encodeURIComponent(query)}`, {
        "hx-request": "true",
      });
      expect(fragment.status).toBe(200);
      const html = await fragment.text();
      expect(html, query).toContain(`<a href="/people/${elcin}">Elçin Məmmədov</a>`);
      expect(html, query).not.toContain("Someone Else Entirely");
      expect(html, query).toContain(`name="personId" value="${elcin}"`);

      const full = await page(coordinator, `${roster(id)}?find=${encodeURIComponent(query)}`);
      expect(sectionOf(full, "add-participants-title"), query).toContain(`name="personId" value="${elcin}"`);
    }
    const none = await (await coordinator.get(`${roster(id)}/find?find=Zzyzx`)).text();
    expect(none).toContain("No one in the directory matches.");
  });

  it("shows someone already on the roster as such, with a link to their row instead of Add", async () => {
    const id = await activity();
    const there = await person("Gunel Rzayeva");
    await insertParticipation(t.db, { activityId: id, personId: there });
    const rowId = await rowIdOf(id, there);
    const html = await (await coordinator.get(`${roster(id)}/find?find=Rzayeva`)).text();
    expect(html).toContain("Gunel Rzayeva");
    expect(html).toContain(`href="${roster(id)}#participant-${rowId}">Already on the roster</a>`);
    expect(html).not.toContain(`name="personId" value="${there}"`);
  });
});

describe("adding one person", () => {
  it("adds the row with the snapshot, audited; a second add is 409 with a link to the row", async () => {
    const id = await activity({ startDate: "2024-03-01" });
    const org = await insertOrganization(t.db, "Legal Aid Centre");
    const nigar = await person("Nigar Abbasova", { stakeholderType: "ngo_representative" });
    await insertAffiliation(t.db, { personId: nigar, organizationId: org, isPrimary: true });

    const response = await coordinator.post(roster(id), { personId: String(nigar) });
    expect(response.status).toBe(303);
    const row = await rowOf(id, nigar);
    expect(row).toMatchObject({
      role: "participant",
      status: "registered",
      organizationId: org,
      organizationName: "Legal Aid Centre",
      stakeholderType: "ngo_representative",
    });
    expect(response.headers.get("location")).toBe(`${roster(id)}#participant-${row?.id}`);
    expect(await page(coordinator, roster(id))).toContain("Nigar Abbasova added to the roster.");
    const [audit] = await auditsOf(id, "participants.add");
    expect(audit?.after).toMatchObject({ personIds: [nigar], role: "participant", status: "registered" });

    const again = await coordinator.post(roster(id), { personId: String(nigar) });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain("Nigar Abbasova is already on the roster.");
    expect(html).toContain(`href="${roster(id)}#participant-${row?.id}"`);
    expect(await rowsOf(id)).toHaveLength(1);
    expect(await auditsOf(id, "participants.add")).toHaveLength(1);
  });

  it("takes the role and status chosen", async () => {
    const id = await activity();
    const trainer = await person("Tural Najafov");
    const response = await coordinator.post(roster(id), {
      personId: String(trainer),
      role: "trainer",
      status: "invited",
    });
    expect(response.status).toBe(303);
    expect(await rowOf(id, trainer)).toMatchObject({ role: "trainer", status: "invited" });
  });

  it("refuses an archived or unknown person (422, nothing added) and a malformed id (400)", async () => {
    const id = await activity();
    const archived = await person("Archived Person", { archivedAt: new Date() });
    const refused = await coordinator.post(roster(id), { personId: String(archived) });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("That person is not in the directory (or was archived)");
    expect((await coordinator.post(roster(id), { personId: "999999" })).status).toBe(422);
    expect((await coordinator.post(roster(id), { personId: "abc" })).status).toBe(400);
    expect((await coordinator.post(roster(id), {})).status).toBe(400);
    expect((await coordinator.post(roster(id), { personId: String(archived), role: "emperor" })).status).toBe(
      400,
    );
    expect(await rowsOf(id)).toHaveLength(0);
    expect(await auditsOf(id, "participants.add")).toHaveLength(0);
  });
});

describe("the snapshot taken when a person is added", () => {
  it("keeps the organisation and stakeholder type of then when the person later changes job and type", async () => {
    const id = await activity({ title: "Roundtable on social housing", startDate: "2024-06-10" });
    const orgA = await insertOrganization(t.db, "State Committee for Refugees");
    const orgB = await insertOrganization(t.db, "Milli Majlis");
    const farid = await person("Farid Safarov", { stakeholderType: "official" });
    const first = await insertAffiliation(t.db, {
      personId: farid,
      organizationId: orgA,
      isPrimary: true,
      startDate: "2020-01-01",
    });
    expect((await coordinator.post(roster(id), { personId: String(farid) })).status).toBe(303);
    const rowId = await rowIdOf(id, farid);

    // Later: the job at A ends, B becomes the main affiliation, and they are now a parliamentarian.
    await t.db
      .update(affiliations)
      .set({ endDate: "2025-01-31", isPrimary: false })
      .where(eq(affiliations.id, first));
    await insertAffiliation(t.db, {
      personId: farid,
      organizationId: orgB,
      isPrimary: true,
      startDate: "2025-02-01",
    });
    await t.db.update(people).set({ stakeholderType: "parliamentarian" }).where(eq(people.id, farid));

    const html = await page(coordinator, roster(id));
    expect(cellsOf(html, rowId).slice(1, 3)).toEqual(["State Committee for Refugees", "Official"]);
    expect(html).not.toContain("Milli Majlis");
    const profile = sectionOf(await page(coordinator, `/people/${farid}`), "activities");
    expect(profile).toContain("Roundtable on social housing");
    expect(profile).toContain("State Committee for Refugees");
    expect(profile).not.toContain("Milli Majlis");
    expect(await rowOf(id, farid)).toMatchObject({
      organizationId: orgA,
      organizationName: "State Committee for Refugees",
      stakeholderType: "official",
    });
  });

  it("takes the affiliation current on the activity's start date, not one that started after it", async () => {
    const id = await activity({ startDate: "2019-09-20" });
    const later = await insertOrganization(t.db, "Joined In 2022 NGO");
    const then = await insertOrganization(t.db, "Worked There 2018-2020 Institute");
    const sevinj = await person("Sevinj Huseynli");
    // The main affiliation now, but it started after the activity: not what she represented then.
    await insertAffiliation(t.db, {
      personId: sevinj,
      organizationId: later,
      isPrimary: true,
      startDate: "2022-03-01",
    });
    await insertAffiliation(t.db, {
      personId: sevinj,
      organizationId: then,
      startDate: "2018-01-15",
      endDate: "2020-06-30",
    });
    const onlyLater = await person("Kanan Ismayilov");
    await insertAffiliation(t.db, {
      personId: onlyLater,
      organizationId: later,
      isPrimary: true,
      startDate: "2022-03-01",
    });
    await coordinator.post(roster(id), { personId: String(sevinj) });
    await coordinator.post(roster(id), { personId: String(onlyLater) });
    expect(await rowOf(id, sevinj)).toMatchObject({
      organizationId: then,
      organizationName: "Worked There 2018-2020 Institute",
    });
    expect(await rowOf(id, onlyLater)).toMatchObject({ organizationId: null, organizationName: null });
  });
});

describe("changing a row in place", () => {
  it("lets staff change a status under htmx: the row, the counts and the message come back, each aimed at its place", async () => {
    const id = await activity();
    const ilgar = await person("Ilgar Mammadov");
    const other = await person("Other Registered");
    await insertParticipation(t.db, { activityId: id, personId: ilgar, status: "registered" });
    await insertParticipation(t.db, { activityId: id, personId: other, status: "registered" });
    const rowId = await rowIdOf(id, ilgar);

    const response = await staff.post(
      `${roster(id)}/${rowId}`,
      { status: "attended" },
      { "hx-request": "true" },
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(tableRow(html, rowId)).toContain("Ilgar Mammadov");
    expect(selected(html, `status-${rowId}`)).toBe("attended");
    // Each part is an htmx partial aimed at its own place on the page (the browser test sees them land).
    expect(html).toContain(`<hx-partial hx-target="#participant-${rowId}" hx-swap="outerHTML"><tr`);
    expect(html).toContain(
      '<hx-partial hx-target="#roster-summary" hx-swap="outerHTML"><section id="roster-summary"',
    );
    const counts = sectionOf(html, "roster-summary");
    expect(counts).toContain("Registered: <strong>1</strong>");
    expect(counts).toContain("Attended: <strong>1</strong>");
    expect(html).toContain(
      '<hx-partial hx-target="#flash" hx-swap="innerHTML"><p class="flash">Saved: Ilgar Mammadov, Attended.</p></hx-partial>',
    );

    expect((await rowOf(id, ilgar))?.status).toBe("attended");
    const [audit] = await auditsOf(id, "participant.update");
    expect(audit?.before).toMatchObject({ participationId: rowId, status: "registered" });
    expect(audit?.after).toMatchObject({ participationId: rowId, status: "attended" });
  });

  it("without htmx redirects to the row and shows the message on the next page", async () => {
    const id = await activity();
    const nijat = await person("Nijat Valiyev");
    await insertParticipation(t.db, { activityId: id, personId: nijat, status: "invited" });
    const rowId = await rowIdOf(id, nijat);
    const response = await staff.post(`${roster(id)}/${rowId}`, { status: "no_show" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${roster(id)}#participant-${rowId}`);
    const html = await page(staff, roster(id));
    expect(html).toContain("Saved: Nijat Valiyev, Did not come.");
    expect(selected(html, `status-${rowId}`)).toBe("no_show");
  });

  it("refuses a role or a score from staff (403), nothing changed", async () => {
    const id = await activity({ kind: "training" });
    const aynur = await person("Aynur Jafarova");
    await insertParticipation(t.db, { activityId: id, personId: aynur, status: "registered" });
    const rowId = await rowIdOf(id, aynur);
    const withRole = await staff.post(`${roster(id)}/${rowId}`, { status: "attended", role: "speaker" });
    expect(withRole.status).toBe(403);
    const withScore = await staff.post(
      `${roster(id)}/${rowId}`,
      { status: "attended", preScore: "5" },
      { "hx-request": "true" },
    );
    expect(withScore.status).toBe(403);
    expect(await rowOf(id, aynur)).toMatchObject({
      status: "registered",
      role: "participant",
      preScore: null,
      version: 1,
    });
    expect(await auditsOf(id, "participant.update")).toHaveLength(0);
  });

  it("keeps the scores of a training when staff change only the status (staff's row has no score inputs)", async () => {
    const id = await activity({ kind: "training" });
    const trainee = await person("Scored Trainee");
    await insertParticipation(t.db, {
      activityId: id,
      personId: trainee,
      status: "registered",
      preScore: 3,
      postScore: 8,
    });
    const rowId = await rowIdOf(id, trainee);
    // Staff see the scores as text, not inputs: their row form sends the status (and the hidden "scores") only.
    const row = tableRow(await page(staff, roster(id)), rowId);
    expect(row).not.toContain('name="preScore"');
    const response = await staff.post(
      `${roster(id)}/${rowId}`,
      { status: "attended", scores: "shown" },
      { "hx-request": "true" },
    );
    expect(response.status).toBe(200);
    expect((await rowOf(id, trainee))?.status).toBe("attended");
    // Staff's rows send the status only: the scores they cannot change stay as they were.
    expect(await rowOf(id, trainee)).toMatchObject({ preScore: 3, postScore: 8 });
  });

  it("lets a coordinator change the role; an unknown status is refused (422)", async () => {
    const id = await activity();
    const speaker = await person("Samir Abdullayev");
    await insertParticipation(t.db, { activityId: id, personId: speaker });
    const rowId = await rowIdOf(id, speaker);
    const changed = await coordinator.post(`${roster(id)}/${rowId}`, { status: "attended", role: "speaker" });
    expect(changed.status).toBe(303);
    expect(await rowOf(id, speaker)).toMatchObject({ status: "attended", role: "speaker" });
    const refused = await staff.post(`${roster(id)}/${rowId}`, { status: "present" });
    expect(refused.status).toBe(422);
    expect((await rowOf(id, speaker))?.status).toBe("attended");
  });
});

describe("marking all registered as attended", () => {
  it("turns every registered row to attended and leaves the others; again, says nothing changed", async () => {
    const id = await activity();
    const statuses = ["registered", "registered", "registered", "invited", "no_show"] as const;
    const ids: number[] = [];
    for (const [index, status] of statuses.entries()) {
      const personId = await person(`Bulk Attendee ${index}`);
      ids.push(personId);
      await insertParticipation(t.db, { activityId: id, personId, status });
    }
    expect(await page(staff, roster(id))).toContain("Mark all 3 registered participants as attended");

    const response = await staff.post(`${roster(id)}/attend-registered`);
    expect(response.status).toBe(303);
    const html = await page(staff, roster(id));
    expect(html).toContain("3 participants marked as attended.");
    expect(sectionOf(html, "roster-summary")).toContain("Attended: <strong>3</strong>");
    const byPerson = new Map((await rowsOf(id)).map((row) => [row.personId, row.status]));
    expect(ids.map((personId) => byPerson.get(personId))).toEqual([
      "attended",
      "attended",
      "attended",
      "invited",
      "no_show",
    ]);
    const [audit] = await auditsOf(id, "participants.attendRegistered");
    expect((audit?.after as { participationIds?: number[] } | undefined)?.participationIds).toHaveLength(3);

    const again = await staff.post(`${roster(id)}/attend-registered`);
    expect(again.status).toBe(303);
    expect(await page(staff, roster(id))).toContain("No one was still registered; nothing changed.");
    expect(await auditsOf(id, "participants.attendRegistered")).toHaveLength(1);
  });
});

describe("assessment scores", () => {
  it("shows the average gain of a training; a comma is a decimal point", async () => {
    const id = await activity({ kind: "training" });
    const first = await person("Score First");
    const second = await person("Score Second");
    await insertParticipation(t.db, { activityId: id, personId: first });
    await insertParticipation(t.db, { activityId: id, personId: second });
    const firstRow = await rowIdOf(id, first);
    const secondRow = await rowIdOf(id, second);

    const before = await page(coordinator, roster(id));
    expect(before).toContain("Pre-assessment");
    expect(before).toContain("No participant has both assessment scores yet.");

    const one = await coordinator.post(`${roster(id)}/${firstRow}`, {
      status: "attended",
      role: "participant",
      preScore: "4",
      postScore: "7,5",
      scores: "shown",
    });
    expect(one.status).toBe(303);
    const two = await coordinator.post(
      `${roster(id)}/${secondRow}`,
      { status: "attended", role: "participant", preScore: "5", postScore: "6", scores: "shown" },
      { "hx-request": "true" },
    );
    expect(two.status).toBe(200);
    expect(sectionOf(await two.text(), "roster-summary")).toContain("+2.25");
    expect(await rowOf(id, first)).toMatchObject({ preScore: 4, postScore: 7.5 });
    expect(await rowOf(id, second)).toMatchObject({ preScore: 5, postScore: 6 });
    expect(sectionOf(await page(staff, roster(id)), "roster-summary")).toContain(
      "Average gain from the pre- to the post-assessment: +2.25 (2 participants have both scores).",
    );
  });

  it("refuses a score that is not a number from 0 to 1000 (422, message shown, nothing changed)", async () => {
    const id = await activity({ kind: "training" });
    const scored = await person("Score Refused");
    await insertParticipation(t.db, { activityId: id, personId: scored, preScore: 3, postScore: 8 });
    const rowId = await rowIdOf(id, scored);
    for (const bad of ["abc", "2000", "-1", "1.234"]) {
      const response = await coordinator.post(`${roster(id)}/${rowId}`, {
        status: "attended",
        role: "participant",
        preScore: bad,
        postScore: "9",
      });
      expect(response.status, bad).toBe(422);
      expect(await response.text(), bad).toContain(
        "Please enter a score from 0 to 1000, with at most two decimals.",
      );
      const fragment = await coordinator.post(
        `${roster(id)}/${rowId}`,
        { status: "attended", role: "participant", preScore: "1", postScore: bad, scores: "shown" },
        { "hx-request": "true" },
      );
      expect(fragment.status, bad).toBe(422);
      expect(await fragment.text(), bad).toContain("Please enter a score from 0 to 1000");
    }
    expect(await rowOf(id, scored)).toMatchObject({
      status: "registered",
      preScore: 3,
      postScore: 8,
      version: 1,
    });
  });

  it("brings a refused row back as it was typed: the role and status chosen stay, with the message", async () => {
    const id = await activity({ kind: "training" });
    const typed = await person("Typed Choices Kept");
    await insertParticipation(t.db, { activityId: id, personId: typed });
    const rowId = await rowIdOf(id, typed);
    const form = { status: "attended", role: "speaker", preScore: "abc", postScore: "", scores: "shown" };
    const fragment = await (
      await coordinator.post(`${roster(id)}/${rowId}`, form, { "hx-request": "true" })
    ).text();
    expect(selected(fragment, `role-${rowId}`)).toBe("speaker");
    expect(selected(fragment, `status-${rowId}`)).toBe("attended");
    const page = await coordinator.post(`${roster(id)}/${rowId}`, form);
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(selected(html, `role-${rowId}`)).toBe("speaker");
    expect(selected(html, `status-${rowId}`)).toBe("attended");
    const unknownStatus = await coordinator.post(
      `${roster(id)}/${rowId}`,
      { status: "vanished", role: "participant" },
      { "hx-request": "true" },
    );
    expect(unknownStatus.status).toBe(422);
    expect(await unknownStatus.text()).toContain("Please choose one of the options.");
    expect(await rowOf(id, typed)).toMatchObject({ status: "registered", role: "participant", version: 1 });
  });

  it("shows no score columns for a seminar without scores", async () => {
    const id = await activity({ kind: "seminar" });
    const plain = await person("Seminar Guest");
    await insertParticipation(t.db, { activityId: id, personId: plain });
    const html = await page(coordinator, roster(id));
    expect(html).not.toContain("Pre-assessment");
    expect(html).not.toContain("Average gain");
    expect(html).not.toContain(`id="preScore-`);
  });
});

describe("the edit form of a row", () => {
  it("changes the organisation represented and the stakeholder type; a stale version is 409, not saved", async () => {
    const id = await activity();
    await insertOrganization(t.db, "Ombudsman Office");
    const mehman = await person("Mehman Aliyev", { stakeholderType: "activist" });
    await insertParticipation(t.db, { activityId: id, personId: mehman, stakeholderType: "activist" });
    const rowId = await rowIdOf(id, mehman);

    const form = await coordinator.get(`${roster(id)}/${rowId}/edit`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('name="version" value="1"');
    expect(selected(formHtml, "field-stakeholderType")).toBe("activist");

    const fields = {
      organization: "ombudsman office",
      stakeholderType: "official",
      role: "speaker",
      status: "attended",
      preScore: "",
      postScore: "",
      version: "1",
    };
    const saved = await coordinator.post(`${roster(id)}/${rowId}/edit`, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${roster(id)}#participant-${rowId}`);
    const html = await page(coordinator, roster(id));
    expect(cellsOf(html, rowId).slice(1, 3)).toEqual(["Ombudsman Office", "Official"]);
    expect(await rowOf(id, mehman)).toMatchObject({
      organizationName: "Ombudsman Office",
      stakeholderType: "official",
      role: "speaker",
      version: 2,
    });
    expect(await auditsOf(id, "participant.update")).toHaveLength(1);

    // A second tab still holding version 1.
    const stale = await coordinator.post(`${roster(id)}/${rowId}/edit`, {
      ...fields,
      organization: "",
      stakeholderType: "journalist",
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone changed this row after you opened it.");
    expect(await rowOf(id, mehman)).toMatchObject({
      organizationName: "Ombudsman Office",
      stakeholderType: "official",
      version: 2,
    });
  });

  it("refuses an organisation not in the directory (422, not saved)", async () => {
    const id = await activity();
    const rasim = await person("Rasim Karimli");
    await insertParticipation(t.db, { activityId: id, personId: rasim });
    const rowId = await rowIdOf(id, rasim);
    const response = await coordinator.post(`${roster(id)}/${rowId}/edit`, {
      organization: "No Such Organisation Anywhere",
      stakeholderType: "expert",
      role: "participant",
      status: "registered",
      version: "1",
    });
    expect(response.status).toBe(422);
    expect(await rowOf(id, rasim)).toMatchObject({
      organizationName: null,
      stakeholderType: null,
      version: 1,
    });
  });
});

describe("the edit form with a version it cannot trust", () => {
  it("answers as for a change made meanwhile (409), the input kept at the version now stored", async () => {
    const id = await activity();
    const kept = await person("Version Garbled");
    await insertParticipation(t.db, { activityId: id, personId: kept });
    const rowId = await rowIdOf(id, kept);
    const response = await coordinator.post(`${roster(id)}/${rowId}/edit`, {
      organization: "",
      stakeholderType: "expert",
      role: "trainer",
      status: "attended",
      version: "abc",
    });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Someone changed this row after you opened it.");
    expect(html).toContain('name="version" value="1"');
    expect(selected(html, "field-role")).toBe("trainer");
    expect(await rowOf(id, kept)).toMatchObject({ role: "participant", version: 1 });
  });
});

describe("removing a row", () => {
  it("takes the person off the roster, keeps the row in the audit log; twice is not an error", async () => {
    const id = await activity();
    const leaving = await person("Leaving Person");
    await insertParticipation(t.db, { activityId: id, personId: leaving, role: "observer" });
    const rowId = await rowIdOf(id, leaving);
    const response = await coordinator.post(`${roster(id)}/${rowId}/delete`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(roster(id));
    expect(await rowsOf(id)).toHaveLength(0);
    const html = await page(coordinator, roster(id));
    expect(html).toContain("Leaving Person removed from the roster.");
    expect(namesOn(html)).toEqual([]);
    const [audit] = await auditsOf(id, "participant.remove");
    expect(audit?.before).toMatchObject({ id: rowId, personId: leaving, role: "observer" });

    const twice = await coordinator.post(`${roster(id)}/${rowId}/delete`);
    expect(twice.status).toBe(303);
    expect(await page(coordinator, roster(id))).toContain("That person was no longer on the roster.");
    expect(await auditsOf(id, "participant.remove")).toHaveLength(1);
  });
});

describe("who may do what", () => {
  it("refuses staff everything that manages the roster (403), nothing changed", async () => {
    const id = await activity();
    const someone = await person("Protected Row");
    const outsider = await person("Not Added By Staff");
    await insertParticipation(t.db, { activityId: id, personId: someone });
    const rowId = await rowIdOf(id, someone);
    const base = roster(id);
    const edit = {
      organization: "",
      stakeholderType: "",
      role: "speaker",
      status: "attended",
      version: "1",
    };
    const refused: [string, Response][] = [
      ["find", await staff.get(`${base}/find?find=Protected`)],
      ["add", await staff.post(base, { personId: String(outsider) })],
      ["review", await staff.post(`${base}/review`, { list: "Not Added By Staff" })],
      ["bulk", await staff.post(`${base}/bulk`, { personIds: String(outsider) })],
      [
        "new-person",
        await staff.post(`${base}/new-person`, {
          fullName: "Brand New Via Staff",
          stakeholderType: "other",
          role: "participant",
          status: "registered",
        }),
      ],
      ["edit form", await staff.get(`${base}/${rowId}/edit`)],
      ["edit", await staff.post(`${base}/${rowId}/edit`, edit)],
      ["delete", await staff.post(`${base}/${rowId}/delete`)],
    ];
    for (const [what, response] of refused) expect(response.status, what).toBe(403);
    expect(await rowsOf(id)).toHaveLength(1);
    expect(await rowOf(id, someone)).toMatchObject({ role: "participant", status: "registered", version: 1 });
    expect(await t.db.$count(people, eq(people.fullName, "Brand New Via Staff"))).toBe(0);
    // And staff see no ?find= results on the page.
    expect(await page(staff, `${base}?find=Protected`)).not.toContain('name="personId"');
  });

  it("sends someone signed out to sign in, and answers an unknown activity with 404", async () => {
    const id = await activity();
    const response = await anonymous.get(roster(id));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/login\?next=/);
    const post = await anonymous.post(`${roster(id)}/attend-registered`);
    // A write from someone signed out is refused outright (only GET redirects to sign in).
    expect(post.status).toBe(401);
    expect((await staff.get(roster(999999))).status).toBe(404);
    expect((await staff.get("/activities/abc/participants")).status).toBe(404);
    expect((await coordinator.post(roster(999999), { personId: "1" })).status).toBe(404);
    expect((await staff.post(`${roster(id)}/999999`, { status: "attended" })).status).toBe(404);
    expect((await coordinator.get(`${roster(id)}/999999/edit`)).status).toBe(404);
  });

  it("does not let a row be changed through another activity's address", async () => {
    const id = await activity();
    const elsewhere = await activity();
    const guarded = await person("Guarded Row");
    await insertParticipation(t.db, { activityId: id, personId: guarded });
    const rowId = await rowIdOf(id, guarded);
    expect((await staff.post(`${roster(elsewhere)}/${rowId}`, { status: "attended" })).status).toBe(404);
    await coordinator.post(`${roster(elsewhere)}/${rowId}/delete`);
    expect(await rowOf(id, guarded)).toMatchObject({ status: "registered" });
  });
});

describe("escaping", () => {
  it("shows a name with markup as text on the roster and in the find results", async () => {
    const id = await activity();
    const name = "<script>alert(1)</script>";
    const tricky = await person(name);
    const results = await (await coordinator.get(`${roster(id)}/find?find=alert`)).text();
    expect(results).toContain(`name="personId" value="${tricky}"`);
    expect(results).not.toContain(name);
    expect(results).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    await insertParticipation(t.db, { activityId: id, personId: tricky });
    const html = await page(coordinator, roster(id));
    expect(html).not.toContain(name);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
