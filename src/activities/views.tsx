/** Activities on a person's page (what they took part in) and on an organisation's (what it co-organised, whom it sent). */
import type { Child } from "hono/jsx";
import { activityKinds, activityStatuses } from "../db/schema/enums";
import { ChoiceFilter, CountryFilter } from "../directory/views";
import type { Translator } from "../i18n";
import type {
  OrganizationPartnerRole,
  ParticipantsSent,
  PersonParticipation,
  ProgrammeChoice,
} from "./queries";
import type { CalendarFilters } from "./validation";

/** "15 Jun 1998 – 16 Jun 1998", or one date for a one-day activity; a line breaks after the dash, never inside a date. */
export function ActivityDates({ i18n, start, end }: { i18n: Translator; start: string; end: string | null }) {
  if (!end || end === start) return <span class="nowrap">{i18n.date(start)}</span>;
  return (
    <>
      <span class="nowrap">{i18n.date(start)} –</span> <span class="nowrap">{i18n.date(end)}</span>
    </>
  );
}

type ActivityRef = { activityId: number; title: string; activityStatus: string };

/** The activity's title, linked to its page; a cancelled one says so. */
export function ActivityLink({ i18n, activity }: { i18n: Translator; activity: ActivityRef }) {
  return (
    <>
      <a href={`/activities/${activity.activityId}`}>{activity.title}</a>
      {activity.activityStatus === "cancelled" && (
        <span class="badge">{i18n.t("activities.cancelledBadge")}</span>
      )}
    </>
  );
}

type SectionProps = {
  /** The section's id; its heading's is `${id}-title`. */
  id: string;
  title: string;
  /** Said instead of the table when there are no rows. */
  none: string;
  empty: boolean;
  headers: Child;
  children: Child;
  foot?: Child;
};

/** A record page's section of activities: its heading, then a one-line "none yet" or the table. */
function ActivityTableSection({ id, title, none, empty, headers, children, foot }: SectionProps) {
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {empty ? (
        <p class="muted">{none}</p>
      ) : (
        <div class="table-wrap">
          <table class="record-table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>{headers}</tr>
            </thead>
            <tbody>{children}</tbody>
            {foot}
          </table>
        </div>
      )}
    </section>
  );
}

/** The first columns every activity table starts with: the activity, its kind, its dates. */
function ActivityHeaders({ i18n }: { i18n: Translator }) {
  return (
    <>
      <th scope="col">{i18n.t("activities.activity")}</th>
      <th scope="col">{i18n.t("field.kind")}</th>
      <th scope="col">{i18n.t("activities.dates")}</th>
    </>
  );
}

type ActivityColumns = ActivityRef & {
  kind: PersonParticipation["kind"];
  startDate: string;
  endDate: string | null;
};

function ActivityCells({ i18n, row }: { i18n: Translator; row: ActivityColumns }) {
  return (
    <>
      <th scope="row">
        <ActivityLink i18n={i18n} activity={row} />
      </th>
      <td>{i18n.t(`activityKind.${row.kind}`)}</td>
      <td>
        <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
      </td>
    </>
  );
}

export function PersonActivities({ i18n, rows }: { i18n: Translator; rows: PersonParticipation[] }) {
  const { t } = i18n;
  const headers = (
    <>
      <ActivityHeaders i18n={i18n} />
      <th scope="col">{t("activities.role")}</th>
      <th scope="col">{t("activities.status")}</th>
      <th scope="col">{t("activities.representing")}</th>
    </>
  );
  return (
    <ActivityTableSection
      id="activities"
      title={t("activities.title")}
      none={t("activities.none")}
      empty={rows.length === 0}
      headers={headers}
    >
      {rows.map((row) => (
        <tr>
          <ActivityCells i18n={i18n} row={row} />
          <td>{t(`participationRole.${row.role}`)}</td>
          <td>{t(`participationStatus.${row.status}`)}</td>
          <td class="text">
            {row.organizationId !== null ? (
              <a href={`/organizations/${row.organizationId}`}>{row.organizationName}</a>
            ) : (
              row.organizationName
            )}
          </td>
        </tr>
      ))}
    </ActivityTableSection>
  );
}

export function JointActivities({ i18n, rows }: { i18n: Translator; rows: OrganizationPartnerRole[] }) {
  const { t } = i18n;
  const headers = (
    <>
      <ActivityHeaders i18n={i18n} />
      <th scope="col">{t("activities.role")}</th>
      <th scope="col">{t("activities.contribution")}</th>
    </>
  );
  return (
    <ActivityTableSection
      id="joint-activities"
      title={t("activities.joint")}
      none={t("activities.noneJoint")}
      empty={rows.length === 0}
      headers={headers}
    >
      {rows.map((row) => (
        <tr>
          <ActivityCells i18n={i18n} row={row} />
          <td>{t(`partnerRole.${row.role}`)}</td>
          <td class="text">{row.contribution}</td>
        </tr>
      ))}
    </ActivityTableSection>
  );
}

function sum(rows: ParticipantsSent[], key: "sent" | "attended"): number {
  return rows.reduce((total, row) => total + row[key], 0);
}

export function ParticipantsSentTable({ i18n, rows }: { i18n: Translator; rows: ParticipantsSent[] }) {
  const { t } = i18n;
  const headers = (
    <>
      <ActivityHeaders i18n={i18n} />
      <th scope="col" class="number">
        {t("activities.sentCount")}
      </th>
      <th scope="col" class="number">
        {t("activities.attendedCount")}
      </th>
    </>
  );
  const foot = (
    <tfoot>
      <tr>
        <th scope="row" colspan={3}>
          {t("activities.total", { count: rows.length })}
        </th>
        <td class="number">{i18n.number(sum(rows, "sent"))}</td>
        <td class="number">{i18n.number(sum(rows, "attended"))}</td>
      </tr>
    </tfoot>
  );
  return (
    <ActivityTableSection
      id="participants-sent"
      title={t("activities.sent")}
      none={t("activities.noneSent")}
      empty={rows.length === 0}
      headers={headers}
      foot={foot}
    >
      {rows.map((row) => (
        <tr>
          <ActivityCells i18n={i18n} row={row} />
          <td class="number">{i18n.number(row.sent)}</td>
          <td class="number">{i18n.number(row.attended)}</td>
        </tr>
      ))}
    </ActivityTableSection>
  );
}

/** Every programme's focus areas as choices, each named with its programme ("Programme: area"). */
export function focusAreaOptions(programmes: ProgrammeChoice[]): { value: string; label: string }[] {
  return programmes.flatMap((programme) =>
    programme.focusAreas.map((area) => ({
      value: String(area.id),
      label: `${programme.name}: ${area.name}`,
    })),
  );
}

/** The programme to filter by, as the activity list, the calendar and the reports offer it. */
export function ProgrammeFilter({
  i18n,
  programmes,
  selected,
}: {
  i18n: Translator;
  programmes: ProgrammeChoice[];
  selected: number | undefined;
}) {
  return (
    <ChoiceFilter
      i18n={i18n}
      name="programme"
      label={i18n.t("field.programme")}
      options={programmes.map((programme) => ({ value: String(programme.id), label: programme.name }))}
      selected={selected ? String(selected) : undefined}
    />
  );
}

/** The kind of activity to filter by. */
export function ActivityKindFilter({ i18n, selected }: { i18n: Translator; selected: string | undefined }) {
  return (
    <ChoiceFilter
      i18n={i18n}
      name="kind"
      label={i18n.t("field.kind")}
      options={activityKinds.map((kind) => ({ value: kind, label: i18n.t(`activityKind.${kind}`) }))}
      selected={selected}
    />
  );
}

/** The filters the activity list and the calendar share: programme, kind, status and country. */
export function ActivityFilterFields({
  i18n,
  filters,
  programmes,
}: {
  i18n: Translator;
  filters: CalendarFilters;
  programmes: ProgrammeChoice[];
}) {
  const { t } = i18n;
  return (
    <>
      <ProgrammeFilter i18n={i18n} programmes={programmes} selected={filters.programme} />
      <ActivityKindFilter i18n={i18n} selected={filters.kind} />
      <ChoiceFilter
        i18n={i18n}
        name="status"
        label={t("activities.status")}
        options={activityStatuses.map((status) => ({
          value: status,
          label: t(`activityStatus.${status}`),
        }))}
        selected={filters.status}
      />
      <CountryFilter i18n={i18n} country={filters.country} />
    </>
  );
}
