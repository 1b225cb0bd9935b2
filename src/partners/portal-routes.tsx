/**
 * /partner/…: the partner portal. Every route is for partner accounts only (`partnerOnly()`), and every query takes
 * the organisation from the session (`partnerOrganizationId`), never from the URL: another organisation's person or
 * activity in a path is answered 404, as a record that does not exist.
 */
import { type Context, Hono } from "hono";
import { actorOf, partnerOnly, partnerOrganizationId } from "../auth/middleware";
import { recordId } from "../directory/fields";
import { sendList } from "../exports/send";
import { personSchema } from "../people/validation";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, readForm } from "../web/form";
import { render } from "../web/render";
import { type Nomination, nominate } from "./nominations";
import {
  activitiesOpenForNominations,
  jointActivities,
  ownParticipations,
  partnerActivity,
  partnerFigures,
  partnerPeople,
  partnerPerson,
  partnerProfile,
  placesTaken,
} from "./portal-queries";
import {
  type NominationForm,
  newPersonRows,
  PartnerActivitiesPage,
  PartnerActivityPage,
  PartnerHomePage,
  ProposalForm,
} from "./portal-views";
import { checkProposal, openProposalsOf, type ProposalSubject, proposable, saveProposals } from "./proposals";

export const portalRoutes = new Hono<AppEnv>();
const partner = partnerOnly();

portalRoutes.get("/partner", partner, async (c) => {
  const db = c.get("db");
  const organizationId = partnerOrganizationId(c);
  const profile = await partnerProfile(db, organizationId);
  if (!profile) return renderErrorPage(c, 404);
  const page = (
    <PartnerHomePage
      i18n={c.get("i18n")}
      profile={profile}
      people={await partnerPeople(db, organizationId)}
      figures={await partnerFigures(db, organizationId)}
      pending={await openProposalsOf(db, organizationId, null)}
    />
  );
  return render(c, { title: profile.name }, page);
});

/** The values a proposal form starts from: what is stored now, as text. */
function storedValues(subject: ProposalSubject, record: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of Object.keys(proposable[subject]))
    values[field] = record[field] == null ? "" : String(record[field]);
  return values;
}

async function renderProposalForm(
  c: Context<AppEnv>,
  target: { subject: ProposalSubject; personId: number | null; action: string; title: string },
  values: FormValues,
  errors?: FormErrors,
) {
  const pending = await openProposalsOf(c.get("db"), partnerOrganizationId(c), target.personId);
  const page = (
    <ProposalForm
      i18n={c.get("i18n")}
      action={target.action}
      title={target.title}
      fields={Object.keys(proposable[target.subject])}
      values={values}
      errors={errors}
      pending={pending}
    />
  );
  return render(c, { title: target.title, status: errors ? 422 : 200 }, page);
}

/** Saves the fields that differ from what is stored as proposals, or shows the form again with what is wrong. */
async function receiveProposal(
  c: Context<AppEnv>,
  target: { subject: ProposalSubject; personId: number | null; action: string; title: string },
  stored: Record<string, unknown>,
  done: string,
) {
  const sent = await readForm(c);
  const checked = checkProposal(target.subject, stored, sent);
  if (!checked.ok) return renderProposalForm(c, target, sent, checked.errors);
  const count = await saveProposals(
    c.get("db"),
    partnerOrganizationId(c),
    target.personId,
    checked.changes,
    actorOf(c),
  );
  return redirectWithFlash(
    c,
    done,
    count === 0 ? { key: "portal.nothingChanged" } : { key: "portal.proposalSent", params: { count } },
  );
}

async function profileTarget(c: Context<AppEnv>) {
  const profile = await partnerProfile(c.get("db"), partnerOrganizationId(c));
  if (!profile) return null;
  const target = {
    subject: "organization",
    personId: null,
    action: "/partner/profile",
    title: profile.name,
  } as const;
  return { profile, target };
}

portalRoutes.get("/partner/profile", partner, async (c) => {
  const found = await profileTarget(c);
  if (!found) return renderErrorPage(c, 404);
  return renderProposalForm(c, found.target, storedValues("organization", found.profile));
});

portalRoutes.post("/partner/profile", partner, async (c) => {
  const found = await profileTarget(c);
  if (!found) return renderErrorPage(c, 404);
  return receiveProposal(c, found.target, found.profile, "/partner");
});

async function personTarget(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  const person = id.success ? await partnerPerson(c.get("db"), partnerOrganizationId(c), id.data) : undefined;
  if (!person) return null;
  const path = `/partner/people/${person.id}`;
  const target = { subject: "person", personId: person.id, action: path, title: person.fullName } as const;
  return { person, target, path };
}

portalRoutes.get("/partner/people/:id", partner, async (c) => {
  const found = await personTarget(c);
  if (!found) return renderErrorPage(c, 404);
  return renderProposalForm(c, found.target, storedValues("person", found.person));
});

portalRoutes.post("/partner/people/:id", partner, async (c) => {
  const found = await personTarget(c);
  if (!found) return renderErrorPage(c, 404);
  return receiveProposal(c, found.target, found.person, found.path);
});

portalRoutes.get("/partner/people.csv", partner, async (c) => {
  const { t } = c.get("i18n");
  const people = await partnerPeople(c.get("db"), partnerOrganizationId(c));
  return sendList(c, "csv", {
    entityType: "partner_people",
    fileName: "people.csv",
    headers: [t("field.fullName"), t("field.position"), t("field.email"), t("field.phone"), t("field.city")],
    rows: people.map((person) => [person.fullName, person.position, person.email, person.phone, person.city]),
    personIds: people.map((person) => person.id),
  });
});

portalRoutes.get("/partner/activities", partner, async (c) => {
  const db = c.get("db");
  const page = (
    <PartnerActivitiesPage
      i18n={c.get("i18n")}
      joint={await jointActivities(db, partnerOrganizationId(c))}
      open={await activitiesOpenForNominations(db)}
    />
  );
  return render(c, { title: c.get("i18n").t("portal.activities") }, page);
});

async function activityFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? partnerActivity(c.get("db"), partnerOrganizationId(c), id.data) : undefined;
}

async function renderActivity(
  c: Context<AppEnv>,
  activity: NonNullable<Awaited<ReturnType<typeof partnerActivity>>>,
  form?: NominationForm,
  status: 200 | 409 | 422 = 200,
) {
  const db = c.get("db");
  const organizationId = partnerOrganizationId(c);
  const placesLeft =
    activity.capacity === null ? null : Math.max(0, activity.capacity - (await placesTaken(db, activity.id)));
  const page = (
    <PartnerActivityPage
      i18n={c.get("i18n")}
      activity={activity}
      participations={await ownParticipations(db, organizationId, activity.id)}
      people={await partnerPeople(db, organizationId)}
      placesLeft={placesLeft}
      form={form}
    />
  );
  return render(c, { title: activity.title, status }, page);
}

portalRoutes.get("/partner/activities/:id", partner, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  return renderActivity(c, activity);
});

portalRoutes.get("/partner/activities/:id/participants.csv", partner, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const { t } = c.get("i18n");
  const rows = await ownParticipations(c.get("db"), partnerOrganizationId(c), activity.id);
  return sendList(c, "csv", {
    entityType: "partner_participants",
    fileName: `activity-${activity.id}-participants.csv`,
    personIds: rows.map((row) => row.personId),
    headers: [t("field.fullName"), t("field.role"), t("field.status")],
    rows: rows.map((row) => [
      row.fullName,
      t(`participationRole.${row.role}`),
      t(`participationStatus.${row.status}`),
    ]),
  });
});

/** More people than any activity seats: a longer list is refused before it reaches the database. */
const maxNominated = 500;

/** The people the form names: ticked existing ones and filled-in "someone new" rows, or what is wrong with them. */
function readNomination(
  values: FormValues,
): { ok: true; nomination: Nomination } | { ok: false; errors: FormErrors } {
  const existing: number[] = [];
  const ticked = (values.person ?? "").split(",").filter(Boolean);
  if (ticked.length > maxNominated) return { ok: false, errors: { person: "portal.tooMany" } };
  for (const id of ticked) {
    const parsed = recordId.safeParse(id);
    if (!parsed.success) return { ok: false, errors: { person: "form.choose" } };
    existing.push(parsed.data);
  }
  const errors: FormErrors = {};
  const newPeople: Nomination["newPeople"] = [];
  for (let index = 0; index < newPersonRows; index++) {
    const [name, email, phone] = ["newName", "newEmail", "newPhone"].map((field) =>
      (values[`${field}${index}`] ?? "").trim(),
    );
    if (!name && !email && !phone) continue;
    const parsed = personSchema.safeParse({ fullName: name, email, phone, stakeholderType: "other" });
    if (parsed.success) {
      newPeople.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = { fullName: "newName", email: "newEmail", phone: "newPhone" }[String(issue.path[0])];
      if (field) errors[`${field}${index}`] ??= issue.message as FormErrors[string];
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (existing.length === 0 && newPeople.length === 0)
    return { ok: false, errors: { person: "portal.nobodyChosen" } };
  return { ok: true, nomination: { existing, newPeople } };
}

portalRoutes.post("/partner/activities/:id/nominations", partner, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const i18n = c.get("i18n");
  const values = await readForm(c);
  const read = readNomination(values);
  if (!read.ok)
    return renderActivity(
      c,
      activity,
      { values, errors: read.errors, message: i18n.t("form.fixBelow") },
      422,
    );
  const outcome = await nominate(
    c.get("db"),
    partnerOrganizationId(c),
    activity.id,
    read.nomination,
    actorOf(c),
  );
  if ("refused" in outcome) {
    if (outcome.refused === "notYours") return renderErrorPage(c, 404);
    const message =
      outcome.refused === "full" ? i18n.t("portal.full", { count: outcome.left }) : i18n.t("portal.closed");
    return renderActivity(c, activity, { values, message }, 409);
  }
  return redirectWithFlash(c, `/partner/activities/${activity.id}`, {
    key: "portal.nominated",
    params: { count: outcome.nominated },
  });
});
