/** The activity pages: the list with its filters, one activity (facts, partners, roster by status), and its form. */
import type { Child } from "hono/jsx";
import { activityKinds, activityStatuses, participationStatuses } from "../db/schema/enums";
import { ChoiceFilter, DirectoryResults, FilterForm } from "../directory/views";
import type { Translator } from "../i18n";
import { countryName } from "../text/country";
import { CountryList, countryListId } from "../web/components/choices";
import { ConflictNotice } from "../web/components/conflict";
import { Field, FormError, SelectField } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import type { Activity, ActivityRow, getActivityDetails, ProgrammeChoice } from "./queries";
import { activitiesPageSize } from "./queries";
import type { ActivityFilters } from "./validation";
import { ActivityDates, ActivityFilterFields, ActivityLink, focusAreaOptions } from "./views";

type ListProps = {
  i18n: Translator;
  filters: ActivityFilters;
  rows: ActivityRow[];
  total: number;
  query: string;
  programmes: ProgrammeChoice[];
  canManage: boolean;
};

export function ActivitiesPage(props: ListProps) {
  const { i18n, filters, programmes, canManage } = props;
  const { t } = i18n;
  return (
    <section aria-labelledby="list-title">
      <div class="page-head">
        <h1 id="list-title">{t("activities.title")}</h1>
        <div class="actions">
          <a class="button" href="/activities/calendar">
            {t("calendar.link")}
          </a>
          {canManage && (
            <a class="button primary" href="/activities/new">
              {t("activities.new")}
            </a>
          )}
        </div>
      </div>
      <FilterForm base="/activities">
        <div class="field">
          <label for="filter-q">{t("activities.searchTitle")}</label>
          <input id="filter-q" type="search" name="q" value={filters.q} />
        </div>
        <ActivityFilterFields i18n={i18n} filters={filters} programmes={programmes} />
        <ChoiceFilter
          i18n={i18n}
          name="focusArea"
          label={t("field.focusArea")}
          options={focusAreaOptions(programmes)}
          selected={filters.focusArea ? String(filters.focusArea) : undefined}
        />
        <div class="field">
          <label for="filter-year">{t("activities.year")}</label>
          <input
            id="filter-year"
            name="year"
            inputmode="numeric"
            value={filters.year ? String(filters.year) : ""}
          />
        </div>
        <div class="field">
          <label for="filter-partner">{t("activities.partner")}</label>
          <input id="filter-partner" name="partner" value={filters.partner ?? ""} />
        </div>
        <button type="submit">{t("directory.apply")}</button>
      </FilterForm>
      <ActivityResults {...props} />
    </section>
  );
}

export function ActivityResults({ i18n, rows, total, filters, query }: ListProps) {
  const { t } = i18n;
  return (
    <DirectoryResults
      i18n={i18n}
      base="/activities"
      count={t("activities.count", { count: total })}
      none={t("activities.noneFound")}
      empty={rows.length === 0}
      page={filters.page}
      total={total}
      pageSize={activitiesPageSize}
      query={query}
    >
      <table>
        <caption class="visually-hidden">{t("activities.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("activities.activity")}</th>
            <th scope="col">{t("activities.dates")}</th>
            <th scope="col">{t("field.kind")}</th>
            <th scope="col">{t("field.programme")}</th>
            <th scope="col">{t("field.country")}</th>
            <th scope="col">{t("activities.attendedCount")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">
                <ActivityLink
                  i18n={i18n}
                  activity={{ activityId: row.id, title: row.title, activityStatus: row.status }}
                />
              </th>
              <td>
                <ActivityDates i18n={i18n} start={row.startDate} end={row.endDate} />
              </td>
              <td>{t(`activityKind.${row.kind}`)}</td>
              <td>{[row.programme, row.focusArea].filter(Boolean).join(": ")}</td>
              <td>
                {[row.city, row.country ? countryName(row.country, i18n.locale) : null]
                  .filter(Boolean)
                  .join(", ")}
              </td>
              <td>{i18n.number(row.attended)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </DirectoryResults>
  );
}

type Details = Awaited<ReturnType<typeof getActivityDetails>>;

/** GET /activities/:id: what was held, under which programme, with which partners, and how many came. */
export function ActivityPage({
  i18n,
  activity: a,
  details,
  canManage,
  notice,
}: {
  i18n: Translator;
  activity: Activity;
  details: Details;
  canManage: boolean;
  /** Why the last action was refused, in words. */
  notice?: string;
}) {
  const { t } = i18n;
  const counted = new Map(details.statuses.map((row) => [row.status, row.count]));
  const facts: [string, Child][] = [
    [t("field.kind"), t(`activityKind.${a.kind}`)],
    [t("activities.status"), t(`activityStatus.${a.status}`)],
    [t("activities.dates"), <ActivityDates i18n={i18n} start={a.startDate} end={a.endDate} />],
    [t("field.programme"), details.programme],
    [t("field.focusArea"), details.focusArea],
    [t("field.country"), a.country ? countryName(a.country, i18n.locale) : null],
    [t("field.city"), a.city],
    [t("field.venue"), a.venue],
    [t("field.targetGroups"), a.targetGroups.join(", ") || null],
  ];
  return (
    <article aria-labelledby="record-title">
      <div class="page-head">
        <h1 id="record-title">{a.title}</h1>
        <div class="actions">
          <a class="button" href={`/interactions/new?activity=${a.id}&return=/activities/${a.id}`}>
            {t("contacts.log")}
          </a>
          {canManage && (
            <a class="button" href={`/activities/${a.id}/edit`}>
              {t("directory.edit")}
            </a>
          )}
        </div>
      </div>
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      {a.status === "cancelled" && <p class="notice">{t("activities.cancelledNotice")}</p>}
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null && value !== "")
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {a.description && <p class="description">{a.description}</p>}
      {a.outcomes && (
        <>
          <h2>{t("field.outcomes")}</h2>
          <p class="description">{a.outcomes}</p>
        </>
      )}
      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t("activities.partners")}</h2>
        <p>
          <a href={`/activities/${a.id}/partners`}>
            {canManage ? t("activities.addPartner") : t("activities.managePartners")}
          </a>
        </p>
        {details.partners.length === 0 ? (
          <p class="muted">{t("activities.noPartners")}</p>
        ) : (
          <ul>
            {details.partners.map((partner) => (
              <li>
                <a href={`/organizations/${partner.organizationId}`}>{partner.name}</a> ·{" "}
                {t(`partnerRole.${partner.role}`)}
                {partner.contribution && <span class="muted"> · {partner.contribution}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="roster-title">
        <h2 id="roster-title">{t("activities.roster")}</h2>
        <p>
          <a href={`/activities/${a.id}/participants`}>{t("activities.rosterLink")}</a>
        </p>
        <ul class="counts">
          {participationStatuses.map((status) => (
            <li>
              {t(`participationStatus.${status}`)}: <strong>{i18n.number(counted.get(status) ?? 0)}</strong>
            </li>
          ))}
        </ul>
      </section>
      {canManage && details.statuses.length === 0 && !details.imported && (
        <details class="danger-zone">
          <summary>{t("activities.delete")}</summary>
          <p>{t("activities.deleteExplained")}</p>
          <form method="post" action={`/activities/${a.id}/delete`}>
            <button type="submit">{t("activities.deleteConfirm", { title: a.title })}</button>
          </form>
        </details>
      )}
    </article>
  );
}

export type ActivityFormProps = {
  i18n: Translator;
  title: string;
  action: string;
  values: FormValues;
  errors?: FormErrors;
  conflict?: { label: string; value: string }[];
  programmes: ProgrammeChoice[];
};

export function ActivityForm({
  i18n,
  title,
  action,
  values,
  errors,
  conflict,
  programmes,
}: ActivityFormProps) {
  const { t } = i18n;
  const field = { i18n, values, errors };
  const none = { value: "", label: t("activities.noneChosen") };
  return (
    <section aria-labelledby="activity-form-title">
      <h1 id="activity-form-title">{title}</h1>
      {/* A new record has no version yet: its form is a create form, with a one-time token. */}
      <CreateForm action={action} values={values} oneTime={!values.version} class="stack record-form">
        {conflict && <ConflictNotice i18n={i18n} changes={conflict} />}
        {errors && !conflict && <FormError message={t("form.fixBelow")} />}
        <input type="hidden" name="version" value={values.version ?? ""} />
        <Field name="title" label={t("field.title")} required {...field} />
        <SelectField
          name="kind"
          label={t("field.kind")}
          options={activityKinds.map((kind) => ({ value: kind, label: t(`activityKind.${kind}`) }))}
          selected={values.kind ?? "seminar"}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="status"
          label={t("activities.status")}
          options={activityStatuses.map((status) => ({
            value: status,
            label: t(`activityStatus.${status}`),
          }))}
          selected={values.status ?? "planned"}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="programmeId"
          label={t("field.programme")}
          options={[none, ...programmes.map((p) => ({ value: String(p.id), label: p.name }))]}
          selected={values.programmeId ?? ""}
          errors={errors}
          i18n={i18n}
        />
        <SelectField
          name="focusAreaId"
          label={t("field.focusArea")}
          options={[none, ...focusAreaOptions(programmes)]}
          selected={values.focusAreaId ?? ""}
          errors={errors}
          i18n={i18n}
        />
        <Field name="startDate" label={t("field.startDate")} type="date" required {...field} />
        <Field name="endDate" label={t("field.endDate")} type="date" {...field} />
        <Field
          name="country"
          label={t("field.country")}
          hint={t("field.countryHint")}
          list={countryListId}
          {...field}
        />
        <CountryList i18n={i18n} />
        <Field name="city" label={t("field.city")} {...field} />
        <Field name="venue" label={t("field.venue")} {...field} />
        <Field name="targetGroups" label={t("field.targetGroups")} hint={t("field.listHint")} {...field} />
        <Field name="description" label={t("field.description")} multiline {...field} />
        <Field name="outcomes" label={t("field.outcomes")} multiline {...field} />
        <button type="submit" class="primary">
          {t("directory.save")}
        </button>
      </CreateForm>
    </section>
  );
}
