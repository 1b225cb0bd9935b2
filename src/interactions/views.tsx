/** The contact log on a person's or an organisation's page: the latest contacts, and how many more the timeline has. */
import type { Translator } from "../i18n";
import type { Contact, ContactLog } from "./queries";

/** How many contacts a record's page lists; the timeline has more. */
export const contactsShown = 20;

/** "by 3 Mar 2026" while the follow-up is open, flagged when its day has passed; nothing once done. */
export function FollowUp({ i18n, contact }: { i18n: Translator; contact: Contact }) {
  if (!contact.followUpDue || contact.followUpDoneAt) return null;
  return (
    <>
      {i18n.t("contacts.followUpBy", { date: i18n.date(contact.followUpDue) })}
      {contact.followUpDue < i18n.today() && <span class="badge warning">{i18n.t("contacts.overdue")}</span>}
    </>
  );
}

/** "Log a contact" with the record whose page this is ticked, and back to that page after saving. */
export function logContactHref(timelineHref: string): string {
  const page = timelineHref.replace(/\/timeline$/, "");
  const [, base, id] = /^\/(people|organizations)\/(\d+)$/.exec(page) ?? [];
  const params = new URLSearchParams();
  if (id) params.set(base === "people" ? "person" : "organization", id);
  params.set("return", `${page}#contacts`);
  return `/interactions/new?${params}`;
}

type ContactLogProps = { i18n: Translator; log: ContactLog; timelineHref: string };

export function ContactLogSection({ i18n, log, timelineHref }: ContactLogProps) {
  const { t } = i18n;
  const rest = log.total - log.rows.length;
  // The column appears only when there is something to follow up.
  const followUps = log.rows.some((contact) => contact.followUpDue && !contact.followUpDoneAt);
  return (
    <section aria-labelledby="contacts-title" id="contacts">
      <h2 id="contacts-title">{t("contacts.title")}</h2>
      <p>
        <a class="button" href={logContactHref(timelineHref)}>
          {t("contacts.log")}
        </a>
      </p>
      {log.rows.length === 0 ? (
        <p class="muted">{t("contacts.none")}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table contact-log" aria-labelledby="contacts-title">
            <thead>
              <tr>
                <th scope="col">{t("contacts.when")}</th>
                <th scope="col">{t("field.kind")}</th>
                <th scope="col">{t("contacts.subject")}</th>
                <th scope="col">{t("contacts.loggedBy")}</th>
                {followUps && <th scope="col">{t("contacts.followUp")}</th>}
              </tr>
            </thead>
            <tbody>
              {log.rows.map((contact) => (
                <tr>
                  <td class="nowrap">
                    <time datetime={contact.occurredAt.toISOString()}>
                      {i18n.date(contact.occurredAt, "datetime")}
                    </time>
                  </td>
                  <td>{t(`interactionKind.${contact.kind}`)}</td>
                  <th scope="row">
                    <a href={`/interactions/${contact.id}`}>{contact.subject}</a>
                  </th>
                  <td class="text">{contact.loggedByName}</td>
                  {followUps && (
                    <td>
                      <FollowUp i18n={i18n} contact={contact} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rest > 0 && (
        <p class="muted">
          {t("contacts.more", { count: rest })} <a href={timelineHref}>{t("contacts.openTimeline")}</a>
        </p>
      )}
    </section>
  );
}
