/** The coordinators' side of the portal: partner requests, proposed changes, and an activity's nominations. */
import type { LikelyDuplicate } from "../directory/duplicates";
import type { Translator } from "../i18n";
import { Field, FormError } from "../web/components/field";
import type { FormErrors, FormValues } from "../web/form";
import type { listNominations, NominationSettings } from "./nominations";
import { fieldLabels, type OpenProposal } from "./proposals";
import type { PartnerRequest } from "./requests";

export function PartnerRequestsPage({
  i18n,
  waiting,
  decided,
  proposals,
}: {
  i18n: Translator;
  waiting: PartnerRequest[];
  decided: PartnerRequest[];
  proposals: OpenProposal[];
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="partner-requests-title">
      <h1 id="partner-requests-title">{t("partnerRequests.title")}</h1>
      <h2>{t("partnerRequests.waiting")}</h2>
      {waiting.length === 0 ? (
        <p>{t("partnerRequests.noneWaiting")}</p>
      ) : (
        <RequestTable i18n={i18n} rows={waiting} />
      )}
      <h2 id="proposals">{t("proposals.title")}</h2>
      {proposals.length === 0 ? <p>{t("proposals.none")}</p> : <ProposalTable i18n={i18n} rows={proposals} />}
      <h2>{t("partnerRequests.decided")}</h2>
      {decided.length === 0 ? (
        <p>{t("partnerRequests.noneDecided")}</p>
      ) : (
        <RequestTable i18n={i18n} rows={decided} />
      )}
    </section>
  );
}

function RequestTable({ i18n, rows }: { i18n: Translator; rows: PartnerRequest[] }) {
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table class="record-table">
        <thead>
          <tr>
            <th scope="col">{t("field.name")}</th>
            <th scope="col">{t("field.email")}</th>
            <th scope="col">{t("field.organization")}</th>
            <th scope="col">{t("field.status")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">
                <a href={`/partner-requests/${row.id}`}>{row.name}</a>
              </th>
              <td>{row.email}</td>
              <td>{row.organizationName}</td>
              <td>{t(`partnerRequests.status.${row.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProposalTable({ i18n, rows }: { i18n: Translator; rows: OpenProposal[] }) {
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table class="record-table">
        <thead>
          <tr>
            <th scope="col">{t("proposals.record")}</th>
            <th scope="col">{t("proposals.field")}</th>
            <th scope="col">{t("proposals.now")}</th>
            <th scope="col">{t("proposals.proposed")}</th>
            <th scope="col">{t("proposals.decision")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const record = row.personId
              ? { href: `/people/${row.personId}`, name: row.personName ?? "" }
              : { href: `/organizations/${row.organizationId}`, name: row.organizationName };
            const field = t(fieldLabels[row.field] ?? "field.name");
            return (
              <tr id={`proposal-${row.id}`}>
                <th scope="row">
                  <a href={record.href}>{record.name}</a>
                  {row.personId ? <span class="muted"> · {row.organizationName}</span> : null}
                </th>
                <td>{field}</td>
                <td>
                  {row.currentValue || "—"}
                  {(row.currentValue ?? "") !== row.oldValue ? (
                    <span class="muted"> {t("proposals.changedSince", { value: row.oldValue || "—" })}</span>
                  ) : null}
                </td>
                <td>
                  <strong>{row.newValue || "—"}</strong>
                </td>
                <td>
                  <div class="row-actions">
                    <form method="post" action={`/partner-proposals/${row.id}/accept`} class="inline-form">
                      <button
                        type="submit"
                        aria-label={t("proposals.acceptField", { field, name: record.name })}
                      >
                        {t("proposals.accept")}
                      </button>
                    </form>
                    <form method="post" action={`/partner-proposals/${row.id}/reject`} class="inline-form">
                      <button
                        type="submit"
                        aria-label={t("proposals.rejectField", { field, name: record.name })}
                      >
                        {t("proposals.reject")}
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function PartnerRequestPage({
  i18n,
  request,
  duplicates,
  values,
  errors,
  message,
}: {
  i18n: Translator;
  request: PartnerRequest;
  duplicates: LikelyDuplicate[];
  values?: FormValues;
  errors?: FormErrors;
  message?: string;
}) {
  const { t } = i18n;
  const waiting = request.status === "waiting";
  return (
    <section class="narrow" aria-labelledby="partner-request-title">
      <h1 id="partner-request-title">{request.name}</h1>
      <dl class="facts">
        <dt>{t("field.email")}</dt>
        <dd>{request.email}</dd>
        <dt>{t("field.organization")}</dt>
        <dd>{request.organizationName}</dd>
        <dt>{t("partnerRequests.message")}</dt>
        <dd>{request.message ?? "—"}</dd>
        <dt>{t("field.status")}</dt>
        <dd>{t(`partnerRequests.status.${request.status}`)}</dd>
        {request.reason ? (
          <>
            <dt>{t("partnerRequests.reason")}</dt>
            <dd>{request.reason}</dd>
          </>
        ) : null}
      </dl>
      <FormError message={message} />
      {waiting && (
        <>
          <h2>{t("partnerRequests.approve")}</h2>
          {duplicates.length > 0 && (
            <div class="notice">
              <p>{t("partnerRequests.likelySame")}</p>
              <ul class="plain-list">
                {duplicates.map((duplicate) => (
                  <li>
                    <form
                      method="post"
                      action={`/partner-requests/${request.id}/approve`}
                      class="inline-form"
                    >
                      <input type="hidden" name="organizationId" value={String(duplicate.id)} />
                      <a href={duplicate.href}>{duplicate.name}</a>{" "}
                      <button type="submit">{t("partnerRequests.linkTo", { name: duplicate.name })}</button>
                    </form>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <form method="post" action={`/partner-requests/${request.id}/approve`} class="stack">
            <Field
              name="organization"
              label={t("field.organization")}
              hint={t("partnerRequests.organizationHint")}
              i18n={i18n}
              values={values ?? { organization: request.organizationName }}
              errors={errors}
              list="organization-suggestions"
              suggestUrl="/organizations/suggestions"
              required
            />
            <div class="row-actions">
              <button type="submit" name="mode" value="link" class="primary">
                {t("partnerRequests.linkExisting")}
              </button>
              <button type="submit" name="mode" value="create">
                {t("partnerRequests.createNew")}
              </button>
            </div>
          </form>
          <h2>{t("partnerRequests.reject")}</h2>
          <form method="post" action={`/partner-requests/${request.id}/reject`} class="stack">
            <Field
              name="reason"
              label={t("partnerRequests.reason")}
              hint={t("partnerRequests.reasonHint")}
              i18n={i18n}
              values={values}
              errors={errors}
              multiline
              required
            />
            <button type="submit">{t("partnerRequests.rejectButton")}</button>
          </form>
        </>
      )}
    </section>
  );
}

type NominationRow = Awaited<ReturnType<typeof listNominations>>[number];

export function NominationsPage({
  i18n,
  activity,
  settings,
  rows,
  placesTaken,
  errors,
  values,
}: {
  i18n: Translator;
  activity: { id: number; title: string };
  settings: NominationSettings;
  rows: NominationRow[];
  placesTaken: number;
  errors?: FormErrors;
  values?: FormValues;
}) {
  const { t } = i18n;
  const shown = values ?? {
    capacity: settings.capacity === null ? "" : String(settings.capacity),
    deadline: settings.deadline ?? "",
  };
  return (
    <section aria-labelledby="nominations-title">
      <p>
        <a href={`/activities/${activity.id}/participants`}>{activity.title}</a>
      </p>
      <h1 id="nominations-title">{t("nominations.title")}</h1>
      <p>{t("nominations.placesTaken", { count: placesTaken })}</p>
      <form method="post" action={`/activities/${activity.id}/nominations/settings`} class="stack narrow">
        <FormError message={errors ? t("form.fixBelow") : undefined} />
        <label class="checkbox">
          <input
            type="checkbox"
            name="open"
            value="on"
            checked={values ? values.open === "on" : settings.open}
          />
          {t("nominations.open")}
        </label>
        <Field
          name="capacity"
          label={t("nominations.capacity")}
          hint={t("nominations.capacityHint")}
          i18n={i18n}
          values={shown}
          errors={errors}
        />
        <Field
          name="deadline"
          type="date"
          label={t("nominations.deadline")}
          i18n={i18n}
          values={shown}
          errors={errors}
        />
        <button type="submit">{t("nominations.saveSettings")}</button>
      </form>
      <h2>{t("nominations.waiting")}</h2>
      {rows.length === 0 ? (
        <p>{t("nominations.none")}</p>
      ) : (
        <ul class="plain-list" id="nominations">
          {rows.map((row) => (
            <li>
              <a href={`/people/${row.personId}`}>{row.fullName}</a>
              <span class="muted"> · {row.organizationName ?? "—"}</span>
              <div class="row-actions">
                {(["accept", "decline"] as const).map((decision) => (
                  <form
                    method="post"
                    action={`/activities/${activity.id}/nominations/${row.id}`}
                    class="inline-form"
                  >
                    <input type="hidden" name="decision" value={decision} />
                    <button
                      type="submit"
                      aria-label={t(`nominations.${decision}Person`, { name: row.fullName })}
                    >
                      {t(`nominations.${decision}`)}
                    </button>
                  </form>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
