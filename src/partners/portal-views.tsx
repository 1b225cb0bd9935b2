/** The partner portal's pages: one column, large targets, lists rather than wide tables, so they work on a phone. */
import type { Translator } from "../i18n";
import { CheckboxGroup } from "../web/components/choices";
import { Field, FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import type { OwnParticipation, PartnerActivity, PartnerPerson, PartnerProfile } from "./portal-queries";
import { fieldLabels, proposable } from "./proposals";

type Figures = { jointActivities: number; attendances: number; people: number; waiting: number };
type Pending = { field: string; newValue: string | null }[];

export function PartnerHomePage({
  i18n,
  profile,
  people,
  figures,
  pending,
}: {
  i18n: Translator;
  profile: PartnerProfile;
  people: PartnerPerson[];
  figures: Figures;
  pending: Pending;
}) {
  const { t } = i18n;
  return (
    <section class="partner-page" aria-labelledby="partner-title">
      <h1 id="partner-title">{profile.name}</h1>
      <ul class="figures">
        <Figure value={figures.jointActivities} label={t("portal.figures.joint")} />
        <Figure value={figures.people} label={t("portal.figures.people")} />
        <Figure value={figures.attendances} label={t("portal.figures.attendances")} />
        <Figure value={figures.waiting} label={t("portal.figures.waiting")} />
      </ul>
      <h2>{t("portal.profile")}</h2>
      <ProfileFacts i18n={i18n} record={profile} fields={Object.keys(proposable.organization)} />
      <PendingNote i18n={i18n} pending={pending} />
      <p>
        <a class="button" href="/partner/profile">
          {t("portal.proposeChanges")}
        </a>
      </p>
      <div class="page-head">
        <h2>{t("portal.people")}</h2>
        <a href="/partner/people.csv" download>
          {t("portal.downloadCsv")}
        </a>
      </div>
      {people.length === 0 ? (
        <p>{t("portal.noPeople")}</p>
      ) : (
        <ul class="plain-list">
          {people.map((person) => (
            <li>
              <a href={`/partner/people/${person.id}`}>{person.fullName}</a>
              {person.position ? <span class="muted"> · {person.position}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Figure({ value, label }: { value: number; label: string }) {
  return (
    <li>
      <span class="figure-value">{value}</span>
      <span class="figure-label">{label}</span>
    </li>
  );
}

function ProfileFacts({
  i18n,
  record,
  fields,
}: {
  i18n: Translator;
  record: Record<string, unknown>;
  fields: string[];
}) {
  return (
    <dl class="facts">
      {fields.map((field) => (
        <>
          <dt>{i18n.t(fieldLabels[field] ?? "field.name")}</dt>
          <dd>{record[field] == null || record[field] === "" ? "—" : String(record[field])}</dd>
        </>
      ))}
    </dl>
  );
}

function PendingNote({ i18n, pending }: { i18n: Translator; pending: Pending }) {
  if (pending.length === 0) return null;
  return (
    <div class="notice">
      <p>{i18n.t("portal.pending")}</p>
      <ul>
        {pending.map((item) => (
          <li>
            {i18n.t(fieldLabels[item.field] ?? "field.name")}: {item.newValue || "—"}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The form a partner proposes changes with: the current values filled in; only what they change is sent for review. */
export function ProposalForm({
  i18n,
  action,
  title,
  fields,
  values,
  errors,
  pending,
}: {
  i18n: Translator;
  action: string;
  title: string;
  fields: string[];
  values: FormValues;
  errors?: FormErrors;
  pending: Pending;
}) {
  const { t } = i18n;
  return (
    <section class="partner-page narrow" aria-labelledby="proposal-title">
      <h1 id="proposal-title">{title}</h1>
      <p>{t("portal.proposalIntro")}</p>
      <PendingNote i18n={i18n} pending={pending} />
      <form method="post" action={action} class="stack">
        <FormError message={errors ? t("form.fixBelow") : undefined} />
        {fields.map((field) => (
          <Field
            name={field}
            label={t(fieldLabels[field] ?? "field.name")}
            i18n={i18n}
            values={values}
            errors={errors}
            type={field === "email" ? "email" : field === "phone" ? "tel" : "text"}
            multiline={field === "description"}
          />
        ))}
        <button type="submit" class="primary">
          {t("portal.sendProposal")}
        </button>
      </form>
    </section>
  );
}

export function PartnerActivitiesPage({
  i18n,
  joint,
  open,
}: {
  i18n: Translator;
  joint: PartnerActivity[];
  open: PartnerActivity[];
}) {
  const { t } = i18n;
  return (
    <section class="partner-page" aria-labelledby="partner-activities-title">
      <h1 id="partner-activities-title">{t("portal.activities")}</h1>
      <h2>{t("portal.openForNominations")}</h2>
      <ActivityList i18n={i18n} activities={open} empty={t("portal.noneOpen")} />
      <h2>{t("portal.jointActivities")}</h2>
      <ActivityList i18n={i18n} activities={joint} empty={t("portal.noneJoint")} />
    </section>
  );
}

function ActivityList({
  i18n,
  activities,
  empty,
}: {
  i18n: Translator;
  activities: PartnerActivity[];
  empty: string;
}) {
  if (activities.length === 0) return <p>{empty}</p>;
  return (
    <ul class="plain-list">
      {activities.map((activity) => (
        <li>
          <a href={`/partner/activities/${activity.id}`}>{activity.title}</a>
          <br />
          <span class="muted">
            {activity.startDate}
            {activity.city ? ` · ${activity.city}` : ""} · {i18n.t(`activityStatus.${activity.status}`)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export type NominationForm = { values: FormValues; errors?: FormErrors; message?: string };

export function PartnerActivityPage({
  i18n,
  activity,
  participations,
  people,
  placesLeft,
  form,
}: {
  i18n: Translator;
  activity: PartnerActivity & { open: boolean };
  participations: OwnParticipation[];
  people: PartnerPerson[];
  placesLeft: number | null;
  form?: NominationForm;
}) {
  const { t } = i18n;
  const listed = new Set(participations.map((row) => row.personId));
  const nominable = people.filter((person) => !listed.has(person.id));
  return (
    <section class="partner-page" aria-labelledby="partner-activity-title">
      <h1 id="partner-activity-title">{activity.title}</h1>
      <FormError message={form?.message} />
      <dl class="facts">
        <dt>{t("field.startDate")}</dt>
        <dd>{activity.endDate ? `${activity.startDate} – ${activity.endDate}` : activity.startDate}</dd>
        <dt>{t("field.city")}</dt>
        <dd>{activity.city ?? "—"}</dd>
        <dt>{t("field.status")}</dt>
        <dd>{t(`activityStatus.${activity.status}`)}</dd>
        {activity.open && activity.nominationDeadline ? (
          <>
            <dt>{t("nominations.deadline")}</dt>
            <dd>{activity.nominationDeadline}</dd>
          </>
        ) : null}
        {activity.open && placesLeft !== null ? (
          <>
            <dt>{t("portal.placesLeft")}</dt>
            <dd>{placesLeft}</dd>
          </>
        ) : null}
      </dl>
      <div class="page-head">
        <h2>{t("portal.yourPeopleHere")}</h2>
        {participations.length > 0 && (
          <a href={`/partner/activities/${activity.id}/participants.csv`} download>
            {t("portal.downloadCsv")}
          </a>
        )}
      </div>
      {participations.length === 0 ? (
        <p>{t("portal.noneOfYours")}</p>
      ) : (
        <ul class="plain-list" id="own-participants">
          {participations.map((row) => (
            <li>
              {row.fullName} · <strong>{t(`participationStatus.${row.status}`)}</strong>
            </li>
          ))}
        </ul>
      )}
      {activity.open && <NominateForm i18n={i18n} activityId={activity.id} people={nominable} form={form} />}
    </section>
  );
}

/** How many blank "someone new" rows the nomination form offers. */
export const newPersonRows = 3;

function NominateForm({
  i18n,
  activityId,
  people,
  form,
}: {
  i18n: Translator;
  activityId: number;
  people: PartnerPerson[];
  form?: NominationForm;
}) {
  const { t } = i18n;
  const values = form?.values ?? {};
  const checked = (values.person ?? "").split(",").filter(Boolean);
  return (
    <form method="post" action={`/partner/activities/${activityId}/nominations`} class="stack" id="nominate">
      <h2>{t("portal.nominate")}</h2>
      {people.length > 0 && (
        <CheckboxGroup
          name="person"
          legend={t("portal.nominateExisting")}
          options={people.map((person) => ({ value: String(person.id), label: person.fullName }))}
          checked={checked}
          errors={form?.errors}
          i18n={i18n}
        />
      )}
      {Array.from({ length: newPersonRows }, (_, index) => (
        <fieldset class="checkbox-group">
          <legend>{t("portal.nominateNew", { number: index + 1 })}</legend>
          <Field
            name={`newName${index}`}
            label={t("field.fullName")}
            i18n={i18n}
            values={values}
            errors={form?.errors}
          />
          <Field
            name={`newEmail${index}`}
            label={t("field.email")}
            type="email"
            i18n={i18n}
            values={values}
            errors={form?.errors}
          />
          <Field
            name={`newPhone${index}`}
            label={t("field.phone")}
            type="tel"
            i18n={i18n}
            values={values}
            errors={form?.errors}
          />
        </fieldset>
      ))}
      <button type="submit" class="primary">
        {t("portal.sendNominations")}
      </button>
    </form>
  );
}
