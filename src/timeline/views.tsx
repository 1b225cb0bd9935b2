/** GET …/:id/timeline: one list, newest first, of what the network knows happened with a person or an organisation. */
import { ActivityLink } from "../activities/views";
import type { Translator } from "../i18n";
import type { Timeline, TimelineAffiliation, TimelineEntry } from "./entries";

const kindLabels = {
  affiliationStart: "timeline.affiliationStart",
  affiliationEnd: "timeline.affiliationEnd",
  participation: "timeline.participation",
  partner: "timeline.partner",
  sent: "timeline.sent",
  contact: "timeline.contact",
} as const;

function AffiliationDetail({ i18n, affiliation: a }: { i18n: Translator; affiliation: TimelineAffiliation }) {
  return (
    <>
      <a href={a.href}>{a.name}</a>
      {a.position && <span> · {a.position}</span>}
      <span class="muted"> · {i18n.t(`affiliationKind.${a.kind}`)}</span>
    </>
  );
}

/** What happened, with links to the other side (the organisation, the person, the activity). */
function EntryDetail({ i18n, entry }: { i18n: Translator; entry: TimelineEntry }) {
  const { t } = i18n;
  switch (entry.type) {
    case "affiliationStart":
    case "affiliationEnd":
      return <AffiliationDetail i18n={i18n} affiliation={entry.affiliation} />;
    case "participation":
      return (
        <>
          <ActivityLink i18n={i18n} activity={entry.participation} />
          <span class="muted">
            {" "}
            · {t(`participationRole.${entry.participation.role}`)} ·{" "}
            {t(`participationStatus.${entry.participation.status}`)}
          </span>
        </>
      );
    case "partner":
      return (
        <>
          <ActivityLink i18n={i18n} activity={entry.partner} />
          <span class="muted"> · {t(`partnerRole.${entry.partner.role}`)}</span>
        </>
      );
    case "sent":
      return (
        <>
          <ActivityLink i18n={i18n} activity={entry.sent} />
          <span class="muted">
            {" "}
            · {t("timeline.sentCount", { count: entry.sent.sent, attended: entry.sent.attended })}
          </span>
        </>
      );
    case "contact":
      return (
        <>
          <a href={`/interactions/${entry.contact.id}`}>{entry.contact.subject}</a>
          <span class="muted">
            {" "}
            · {t(`interactionKind.${entry.contact.kind}`)}
            {entry.contact.loggedByName && ` · ${entry.contact.loggedByName}`}
          </span>
        </>
      );
  }
}

function EntryTime({ i18n, entry }: { i18n: Translator; entry: TimelineEntry }) {
  return entry.type === "contact" ? (
    <time datetime={entry.contact.occurredAt.toISOString()}>
      {i18n.date(entry.contact.occurredAt, "datetime")}
    </time>
  ) : (
    <time datetime={entry.day}>{i18n.date(entry.day)}</time>
  );
}

type TimelinePageProps = { i18n: Translator; name: string; back: string; timeline: Timeline; cap: number };

export function TimelinePage({ i18n, name, back, timeline, cap }: TimelinePageProps) {
  const { t } = i18n;
  return (
    <section aria-labelledby="timeline-title">
      <h1 id="timeline-title">{t("timeline.title", { name })}</h1>
      <p>
        <a href={back}>{t("timeline.back")}</a>
      </p>
      {timeline.capped && <p class="notice">{t("timeline.capped", { count: cap })}</p>}
      {timeline.entries.length === 0 ? (
        <p class="muted">{t("timeline.none")}</p>
      ) : (
        <ol class="timeline">
          {timeline.entries.map((entry) => (
            <li>
              <EntryTime i18n={i18n} entry={entry} />
              <span class="timeline-kind">{t(kindLabels[entry.type])}</span>
              <span class="timeline-detail">
                <EntryDetail i18n={i18n} entry={entry} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
