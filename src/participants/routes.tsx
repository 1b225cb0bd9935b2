/**
 * /activities/:id/participants: the roster. Every role sees it and changes a participant's status ("participants:mark");
 * coordinators and above add people (one, many after review, or someone new to the directory), change roles, scores
 * and the snapshot, and remove rows ("activities:manage"). Whoever may edit the directory ("directory:edit": every
 * role) records consent for the ticked rows at once. Every write is audited.
 */

import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import { z } from "zod";
import { activityFromPath } from "../activities/from-path";
import type { Activity } from "../activities/queries";
import { findOrganizationByName } from "../affiliations/queries";
import { actorOf, need, signedIn } from "../auth/middleware";
import { can } from "../auth/permissions";
import { recordConsentForRows } from "../consent/queries";
import { bulkConsentSchema } from "../consent/validation";
import { participationStatuses } from "../db/schema/enums";
import { recordId, version } from "../directory/fields";
import { exportFormat, sendExport } from "../exports/send";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { type Flash, redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm, readForm, validateForm } from "../web/form";
import { createOnce, refuse } from "../web/form-token";
import { isFragmentRequest, render } from "../web/render";
import { type AddState, FindResults } from "./add-forms";
import { rosterPath, rowAnchor, rowChoices, rowLink } from "./choices";
import { participationsCsv } from "./export";
import {
  findPeopleForRoster,
  matchLines,
  maxGroupSize,
  peopleAtOrganization,
  peopleWithTag,
} from "./matching";
import { addNewPerson, distinctNames, emailInUse, namesNotOnRoster, snapshotValues } from "./new-records";
import {
  addParticipants,
  changeRow,
  getParticipation,
  listRoster,
  markRegisteredAttended,
  type Participation,
  participationOf,
  removeParticipation,
  rosterSummary,
  updateParticipation,
} from "./queries";
import { ReviewPage, sortGroup, sortMatches } from "./review";
import {
  ParticipationForm,
  RosterPage,
  RosterRowView,
  RosterSummaryBlock,
  type RowState,
  showsScores,
} from "./roster-page";
import { expectedOnSheet, SignInSheet } from "./sign-in-sheet";
import {
  maxPastedLines,
  newPersonSchema,
  newRowsSchema,
  participationSchema,
  pastedListSchema,
  rowSchema,
} from "./validation";

export const participantRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const mark = need("participants:mark");
const manage = need("activities:manage");

async function participationFromPath(c: Context<AppEnv>, activity: Activity) {
  const id = recordId.safeParse(c.req.param("participationId"));
  return id.success ? await getParticipation(c.get("db"), activity.id, id.data) : undefined;
}

const mayManage = (c: Context<AppEnv>) => can(signedIn(c).user.role, "activities:manage");

const rosterQuery = z.object({
  status: z.enum(participationStatuses).optional().catch(undefined),
  find: z.string().trim().max(200).optional().catch(undefined),
});

type RosterExtras = {
  add?: AddState;
  notice?: Child;
  rowState?: RowState;
  consentState?: { values: FormValues; errors: FormErrors; ticked: ReadonlySet<number> };
  status?: 409 | 422;
};

async function renderRoster(c: Context<AppEnv>, activity: Activity, extras: RosterExtras = {}) {
  const query = rosterQuery.parse(c.req.query());
  const manageRoster = mayManage(c);
  const summary = await rosterSummary(c.get("db"), activity.id);
  const rows = await listRoster(c.get("db"), activity.id, query.status);
  const add: AddState = { ...extras.add };
  if (manageRoster && query.find && !add.find) {
    add.find = {
      query: query.find,
      results: await findPeopleForRoster(c.get("db"), activity.id, query.find),
    };
  }
  const title = c.get("i18n").t("participants.title", { title: activity.title });
  const page = (
    <RosterPage
      i18n={c.get("i18n")}
      activity={activity}
      rows={rows}
      summary={summary}
      rights={{
        manage: manageRoster,
        download: can(signedIn(c).user.role, "exports:download"),
        consent: can(signedIn(c).user.role, "directory:edit"),
      }}
      statusFilter={query.status}
      scores={showsScores(activity, summary)}
      add={add}
      notice={extras.notice}
      rowState={extras.rowState}
      consentState={extras.consentState}
    />
  );
  return render(c, { title, status: extras.status }, page);
}

/** "Already on the roster", with a link to their row. */
function AlreadyThere({
  c,
  activity,
  row,
}: {
  c: Context<AppEnv>;
  activity: Activity;
  row: { id: number; name: string };
}) {
  const { t } = c.get("i18n");
  return (
    <>
      {t("participants.alreadyOnRoster", { name: row.name })}{" "}
      <a href={rowLink(activity.id, row.id)}>{t("participants.seeRow")}</a>
    </>
  );
}

participantRoutes.get("/activities/:id/participants", view, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const format = exportFormat(c);
  if (format)
    return sendExport(c, format, () => participationsCsv(c.get("readDb"), c.get("i18n"), activity.id));
  return renderRoster(c, activity);
});

participantRoutes.get("/activities/:id/participants/sign-in", view, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const rows = (await listRoster(c.get("db"), activity.id)).filter(expectedOnSheet);
  const title = c.get("i18n").t("participants.signInTitle", { title: activity.title });
  return render(c, { title }, <SignInSheet i18n={c.get("i18n")} activity={activity} rows={rows} />);
});

/** The typeahead's answer under htmx (without JavaScript the roster page answers `?find=`). */
participantRoutes.get("/activities/:id/participants/find", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const query = rosterQuery.parse(c.req.query()).find ?? "";
  const find = query
    ? { query, results: await findPeopleForRoster(c.get("db"), activity.id, query) }
    : undefined;
  return c.html(<FindResults i18n={c.get("i18n")} activityId={activity.id} find={find} />);
});

/** Adds one person found by the typeahead; a second add of the same person says so and links to their row. */
participantRoutes.post("/activities/:id/participants", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const form = await readForm(c);
  const personId = recordId.safeParse(form.personId);
  const chosen = newRowsSchema.safeParse(form);
  if (!personId.success || !chosen.success) return renderErrorPage(c, 400);
  const saved = await createOnce(c, form, async (tx) => {
    const { added } = await addParticipants(tx, activity, [personId.data], chosen.data, actorOf(c));
    const row = await participationOf(tx, activity.id, personId.data);
    if (!row) return refuse(undefined);
    // On the roster already (added from another form or tab; a repeat of this one is answered before this runs).
    if (added.length === 0) return refuse(row);
    return { path: rowLink(activity.id, row.id), name: row.name };
  });
  if (saved instanceof Response) return saved;
  if ("refused" in saved) {
    const row = saved.refused;
    if (!row) {
      return renderRoster(c, activity, {
        status: 422,
        notice: c.get("i18n").t("participants.notInDirectory"),
      });
    }
    return renderRoster(c, activity, {
      status: 409,
      notice: <AlreadyThere c={c} activity={activity} row={row} />,
    });
  }
  return redirectWithFlash(c, saved.path, { key: "participants.addedOne", params: { name: saved.name } });
});

/** Reads a pasted list, or takes everyone with a tag or from an organisation, and shows who would be added. */
participantRoutes.post("/activities/:id/participants/review", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const values = await readForm(c);
  const page = (review: Parameters<typeof ReviewPage>[0]["review"]) =>
    render(
      c,
      { title: c.get("i18n").t("participants.reviewTitle", { title: activity.title }) },
      <ReviewPage i18n={c.get("i18n")} activity={activity} review={review} />,
    );
  if (values.list !== undefined) {
    const form = validateForm(pastedListSchema, values);
    if (!form.ok) return renderRoster(c, activity, { status: 422, add: { many: form } });
    return page(sortMatches(await matchLines(c.get("db"), activity.id, form.data.list)));
  }
  const group = await groupToReview(c, activity, values);
  if ("errors" in group)
    return renderRoster(c, activity, { status: 422, add: { group: { values, errors: group.errors } } });
  return page(sortGroup(group.people));
});

async function groupToReview(
  c: Context<AppEnv>,
  activity: Activity,
  values: FormValues,
): Promise<{ people: Awaited<ReturnType<typeof peopleWithTag>> } | { errors: FormErrors }> {
  const field = values.fromOrganization !== undefined ? "fromOrganization" : "tag";
  const typed = values[field]?.trim() ?? "";
  if (typed === "") return { errors: { [field]: "form.required" } };
  let found: Awaited<ReturnType<typeof peopleWithTag>>;
  if (field === "tag") {
    found = await peopleWithTag(c.get("db"), activity.id, typed);
  } else {
    const organizationId = await findOrganizationByName(c.get("db"), typed);
    if (organizationId === null) return { errors: { [field]: "affiliations.unknownOrganization" } };
    found = await peopleAtOrganization(c.get("db"), activity.id, organizationId);
  }
  if (found.length > maxGroupSize) return { errors: { [field]: "participants.groupTooLarge" } };
  return { people: found };
}

/** Adds the people ticked and chosen on the review page, and creates the new people ticked there, in one transaction. */
participantRoutes.post("/activities/:id/participants/bulk", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const values = await readForm(c);
  const chosen = newRowsSchema.safeParse(values);
  if (!chosen.success) return renderErrorPage(c, 400);
  const ids = Object.entries(values)
    .filter(([name]) => name === "personIds" || name.startsWith("choice-"))
    .flatMap(([, value]) => value.split(","))
    .map((value) => recordId.safeParse(value))
    .flatMap((id) => (id.success ? [id.data] : []));
  const newNames = distinctNames(
    Object.entries(values)
      .filter(([name]) => name.startsWith("new-"))
      .map(([, value]) => value),
  );
  // More than the review page can offer is not a form someone filled in.
  if (ids.length > maxGroupSize + maxPastedLines || newNames.length > maxPastedLines) {
    return renderErrorPage(c, 400);
  }
  const actor = actorOf(c);
  const path = rosterPath(activity.id);
  const result = await createOnce(c, values, async (tx) => {
    // Without a token, a second confirmation (Back and again) finds the new people already on the roster.
    const toCreate = await namesNotOnRoster(tx, activity.id, newNames);
    const created: number[] = [];
    for (const fullName of toCreate) created.push(await addNewPerson(tx, { fullName }, actor));
    const { added, alreadyThere } = await addParticipants(
      tx,
      activity,
      [...ids, ...created],
      chosen.data,
      actor,
    );
    return {
      path,
      added,
      created: created.length,
      already: alreadyThere.length + newNames.length - toCreate.length,
    };
  });
  if (result instanceof Response) return result;
  return redirectWithFlash(c, path, {
    key: "participants.bulkAdded",
    params: { count: result.added.length, already: result.already, created: result.created },
  });
});

/** Someone not in the directory: added to it (with their organisation, if named) and to the roster at once. */
participantRoutes.post("/activities/:id/participants/new-person", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const form = await parseForm(c, newPersonSchema);
  const refuse = (errors: FormErrors) =>
    renderRoster(c, activity, { status: 422, add: { newPerson: { values: form.values, errors } } });
  if (!form.ok) return refuse(form.errors);
  const { fullName, email, stakeholderType, organization, role, status } = form.data;
  if (email && (await emailInUse(c.get("db"), email))) return refuse({ email: "participants.emailTaken" });
  const organizationId = organization ? await findOrganizationByName(c.get("db"), organization) : null;
  if (organization && organizationId === null)
    return refuse({ organization: "affiliations.unknownOrganization" });
  const actor = actorOf(c);
  const path = rosterPath(activity.id);
  const saved = await createOnce(c, form.values, async (tx) => {
    const personId = await addNewPerson(tx, { fullName, email, stakeholderType, organizationId }, actor);
    await addParticipants(tx, activity, [personId], { role, status }, actor);
    return { path };
  });
  if (saved instanceof Response) return saved;
  return redirectWithFlash(c, path, {
    key: "participants.addedNew",
    params: { name: fullName },
  });
});

participantRoutes.post("/activities/:id/participants/attend-registered", mark, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const count = await c.get("db").transaction((tx) => markRegisteredAttended(tx, activity.id, actorOf(c)));
  return redirectWithFlash(c, rosterPath(activity.id), {
    key: "participants.markedAttended",
    params: { count },
  });
});

/**
 * One purpose's answer (given, refused or withdrawn), how and when, for the people of the ticked rows, in one
 * transaction (src/consent). Before the row routes: "consent" is not a row's id.
 */
participantRoutes.post("/activities/:id/participants/consent", need("directory:edit"), async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const i18n = c.get("i18n");
  const form = await parseForm(c, bulkConsentSchema(i18n.today()));
  if (!form.ok) {
    const ticked = new Set((form.values.participationIds ?? "").split(",").map(Number));
    return renderRoster(c, activity, {
      status: 422,
      consentState: { values: form.values, errors: form.errors, ticked },
    });
  }
  const { participationIds, consentPurpose: purpose, consentStatus: status } = form.data;
  const answer = { purpose, status, method: form.data.consentMethod, givenOn: form.data.consentGivenOn };
  const result = await c
    .get("db")
    .transaction((tx) => recordConsentForRows(tx, activity.id, participationIds, answer, actorOf(c)));
  return redirectWithFlash(c, rosterPath(activity.id), {
    key: "consent.bulkDone",
    params: { count: result.changed, purpose: i18n.t(`consentPurpose.${purpose}`) },
  });
});

/**
 * One row changed in place. Staff send the status only; a role or a score from someone who may not manage the roster
 * is refused (403). Under htmx the answer is the row, the counts and a message; without JavaScript, the roster again.
 */
participantRoutes.post("/activities/:id/participants/:participationId", mark, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const row = await participationFromPath(c, activity);
  if (!row) return renderErrorPage(c, 404);
  const values = await readForm(c);
  const manageRoster = mayManage(c);
  const asksMore = ["role", "preScore", "postScore"].some((field) => field in values);
  if (asksMore && !manageRoster) return renderErrorPage(c, 403);
  const form = validateForm(rowSchema, values);
  const scores = values.scores === "shown";
  const fragment = isFragmentRequest(c);
  if (!form.ok) {
    const rowState = { id: row.id, values, errors: form.errors };
    if (!fragment) return renderRoster(c, activity, { status: 422, rowState });
    const rights = { manage: manageRoster, consent: can(signedIn(c).user.role, "directory:edit") };
    return c.html(
      <RosterRowView
        choices={rowChoices(c.get("i18n"))}
        i18n={c.get("i18n")}
        activityId={activity.id}
        row={row}
        rights={rights}
        scores={scores}
        {...rowState}
      />,
      422,
    );
  }
  await c.get("db").transaction((tx) => changeRow(tx, activity.id, row.id, form.data, actorOf(c)));
  const saved = savedMessage(c, row.name, form.data.status);
  if (!fragment) return redirectWithFlash(c, rowLink(activity.id, row.id), saved);
  return rowAnswer(c, activity, row.id, scores, c.get("i18n").t(saved.key, saved.params));
});

/**
 * Under htmx: the row as now stored, the counts (the status totals moved) and the message, each as an htmx partial
 * with its own target. Partials are parsed apart, so the counts' form is not torn apart by the table context a <tr>
 * would put the whole answer in.
 */
async function rowAnswer(
  c: Context<AppEnv>,
  activity: Activity,
  id: number,
  scores: boolean,
  message: string,
) {
  const row = await getParticipation(c.get("db"), activity.id, id);
  if (!row) return renderErrorPage(c, 404);
  const summary = await rosterSummary(c.get("db"), activity.id);
  // The counts keep the page's status filter marked (htmx says which page it was).
  const statusFilter = rosterQuery.parse({
    status: queryOf(c.req.header("hx-current-url"), "status"),
  }).status;
  const i18n = c.get("i18n");
  return c.html(
    <>
      <hx-partial hx-target={`#${rowAnchor(row.id)}`} hx-swap="outerHTML">
        <RosterRowView
          choices={rowChoices(c.get("i18n"))}
          i18n={i18n}
          activityId={activity.id}
          row={row}
          rights={{ manage: mayManage(c), consent: can(signedIn(c).user.role, "directory:edit") }}
          scores={scores}
        />
      </hx-partial>
      <hx-partial hx-target="#roster-summary" hx-swap="outerHTML">
        <RosterSummaryBlock
          i18n={i18n}
          activity={activity}
          summary={summary}
          scores={showsScores(activity, summary)}
          statusFilter={statusFilter}
        />
      </hx-partial>
      <hx-partial hx-target="#flash" hx-swap="innerHTML">
        <p class="flash">{message}</p>
      </hx-partial>
    </>,
  );
}

/** A query parameter of a URL a header gives, if it is one (Node 20 has no URL.parse). */
function queryOf(url: string | undefined, name: string): string | undefined {
  try {
    return new URL(url ?? "").searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

function savedMessage(c: Context<AppEnv>, name: string, status: Participation["status"]): Flash {
  return {
    key: "participants.saved",
    params: { name, status: c.get("i18n").t(`participationStatus.${status}`) },
  };
}

function participationFormValues(row: Participation): FormValues {
  const text = (value: string | number | null) => (value === null ? "" : String(value));
  return {
    organization: text(row.organizationName),
    stakeholderType: text(row.stakeholderType),
    role: row.role,
    status: row.status,
    preScore: text(row.preScore),
    postScore: text(row.postScore),
    version: String(row.version),
  };
}

participantRoutes.get("/activities/:id/participants/:participationId/edit", manage, async (c) => {
  const activity = await activityFromPath(c);
  const row = activity && (await participationFromPath(c, activity));
  if (!activity || !row) return renderErrorPage(c, 404);
  return renderParticipationForm(c, activity, row, { values: participationFormValues(row) });
});

function renderParticipationForm(
  c: Context<AppEnv>,
  activity: Activity,
  row: Participation,
  state: { values: FormValues; errors?: FormErrors; conflict?: boolean },
  status?: 409 | 422,
) {
  const title = c.get("i18n").t("participants.editTitle", { name: row.name, title: activity.title });
  const page = <ParticipationForm i18n={c.get("i18n")} activity={activity} participation={row} {...state} />;
  return render(c, { title, status }, page);
}

/** The whole row with its snapshot, saved only if nobody changed it since the form was opened. */
participantRoutes.post("/activities/:id/participants/:participationId/edit", manage, async (c) => {
  const activity = await activityFromPath(c);
  const row = activity && (await participationFromPath(c, activity));
  if (!activity || !row) return renderErrorPage(c, 404);
  const form = await parseForm(c, participationSchema);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok) return renderParticipationForm(c, activity, row, form, 422);
  if (!openedAt.success) {
    // No version we can trust: as if someone had changed the row, their input kept at the version now stored.
    const values = { ...form.values, version: String(row.version) };
    return renderParticipationForm(c, activity, row, { values, conflict: true }, 409);
  }
  const snapshot = await snapshotValues(c.get("db"), form.data.organization, row);
  if (!snapshot) {
    const errors: FormErrors = { organization: "affiliations.unknownOrganization" };
    return renderParticipationForm(c, activity, row, { values: form.values, errors }, 422);
  }
  const { stakeholderType, role, status, preScore, postScore } = form.data;
  const change = { ...snapshot, stakeholderType, role, status, preScore, postScore };
  const result = await c
    .get("db")
    .transaction((tx) => updateParticipation(tx, activity.id, row.id, openedAt.data, change, actorOf(c)));
  if (result.saved) {
    return redirectWithFlash(c, rowLink(activity.id, row.id), savedMessage(c, row.name, status));
  }
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  return renderParticipationForm(c, activity, result.current, { values, conflict: true }, 409);
});

/** Takes a person off the roster. Twice (a double click, a second tab) is not an error: they are off it either way. */
participantRoutes.post("/activities/:id/participants/:participationId/delete", manage, async (c) => {
  const activity = await activityFromPath(c);
  const id = recordId.safeParse(c.req.param("participationId"));
  if (!activity || !id.success) return renderErrorPage(c, 404);
  const row = await getParticipation(c.get("db"), activity.id, id.data);
  const removed =
    row !== undefined &&
    (await c.get("db").transaction((tx) => removeParticipation(tx, activity.id, id.data, actorOf(c))));
  return redirectWithFlash(
    c,
    rosterPath(activity.id),
    removed
      ? { key: "participants.removed", params: { name: row?.name ?? "" } }
      : { key: "participants.gone" },
  );
});
