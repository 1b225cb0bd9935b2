/**
 * /interactions/:id: everything about one contact, its follow-up (done, reassigned, rescheduled there), and, for its
 * author and coordinators, Edit and Delete.
 */
import type { Child } from "hono/jsx";
import type { Translator } from "../i18n";
import type { FormErrors, FormValues } from "../web/form";
import type { ContactRecord } from "./contact";
import { FollowUpMoveForm } from "./follow-up-form";
import { Links } from "./list";
import type { Named } from "./names";

/** What the user looking at the contact may do with it. */
export type ContactRights = { change: boolean; closeFollowUp: boolean; moveFollowUp: boolean };
/** The follow-up form as it was sent, when it comes back with errors. */
export type FollowUpFormState = { values: FormValues; errors?: FormErrors };

type ContactPageProps = {
  i18n: Translator;
  contact: ContactRecord;
  rights: ContactRights;
  users: Named[];
  followUpForm?: FollowUpFormState;
};

export function ContactPage({ i18n, contact: c, rights, users, followUpForm }: ContactPageProps) {
  const { t } = i18n;
  const base = `/interactions/${c.id}`;
  const facts: [string, Child][] = [
    [
      t("contacts.when"),
      <time datetime={c.occurredAt.toISOString()}>{i18n.date(c.occurredAt, "datetime")}</time>,
    ],
    [t("field.kind"), t(`interactionKind.${c.kind}`)],
    [t("contacts.people"), c.people.length > 0 ? <Links base="/people" records={c.people} /> : null],
    [
      t("contacts.organizations"),
      c.organizations.length > 0 ? <Links base="/organizations" records={c.organizations} /> : null,
    ],
    [
      t("field.activity"),
      c.activityId !== null ? <a href={`/activities/${c.activityId}`}>{c.activityTitle}</a> : null,
    ],
    [t("contacts.loggedBy"), c.loggedByName],
  ];
  return (
    <article aria-labelledby="contact-title">
      <div class="page-head">
        <h1 id="contact-title">{c.subject}</h1>
        <div class="actions">
          {rights.change && (
            <a class="button" href={`${base}/edit`}>
              {t("directory.edit")}
            </a>
          )}
          <a class="button" href={`${base}/history`}>
            {t("history.link")}
          </a>
        </div>
      </div>
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null)
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {c.notes && <p class="description">{c.notes}</p>}
      <FollowUpSection i18n={i18n} contact={c} rights={rights} users={users} form={followUpForm} />
      {rights.change && (
        <details class="danger-zone">
          <summary>{t("contacts.delete")}</summary>
          <p>{t("contacts.deleteExplained")}</p>
          <form method="post" action={`${base}/delete`}>
            <button type="submit">{t("contacts.deleteConfirm", { subject: c.subject })}</button>
          </form>
        </details>
      )}
    </article>
  );
}

type FollowUpSectionProps = {
  i18n: Translator;
  contact: ContactRecord;
  rights: ContactRights;
  users: Named[];
  form?: FollowUpFormState;
};

function FollowUpSection({ i18n, contact: c, rights, users, form }: FollowUpSectionProps) {
  const { t } = i18n;
  const open = c.followUpDue !== null && c.followUpDoneAt === null;
  return (
    <section aria-labelledby="follow-up-title" id="follow-up">
      <h2 id="follow-up-title">{t("contacts.followUp")}</h2>
      {c.followUpDue === null ? (
        <p class="muted">{t("contacts.noFollowUp")}</p>
      ) : (
        <dl class="facts">
          <dt>{t("contacts.followUpDue")}</dt>
          <dd>
            <time datetime={c.followUpDue}>{i18n.date(c.followUpDue)}</time>
            {open && c.followUpDue < i18n.today() && (
              <span class="badge warning">{t("contacts.overdue")}</span>
            )}
          </dd>
          <dt>{t("contacts.assignee")}</dt>
          <dd>{c.followUpAssigneeName ?? "—"}</dd>
          {c.followUpNote && (
            <>
              <dt>{t("contacts.followUpNote")}</dt>
              <dd>{c.followUpNote}</dd>
            </>
          )}
          <dt>{t("contacts.status")}</dt>
          <dd>
            {c.followUpDoneAt
              ? t("contacts.followUpDoneOn", { date: i18n.date(c.followUpDoneAt, "datetime") })
              : t("contacts.followUpOpen")}
          </dd>
        </dl>
      )}
      {open && (rights.closeFollowUp || rights.moveFollowUp) && (
        <div class="follow-up-actions">
          {rights.closeFollowUp && (
            <form method="post" action={`/interactions/${c.id}/follow-up/done`} class="inline-form">
              <input type="hidden" name="return" value={`/interactions/${c.id}#follow-up`} />
              <button type="submit" aria-label={t("followUps.doneLabel", { subject: c.subject })}>
                {t("followUps.done")}
              </button>
            </form>
          )}
          {rights.moveFollowUp && (
            <details open={Boolean(form?.errors)}>
              <summary>{t("contacts.moveFollowUp")}</summary>
              <FollowUpMoveForm
                i18n={i18n}
                contact={c}
                users={users}
                back={`/interactions/${c.id}#follow-up`}
                {...form}
              />
            </details>
          )}
        </div>
      )}
    </section>
  );
}
