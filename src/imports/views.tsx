/** The import wizard's first pages: the list of imports, uploading a file, and mapping its columns to fields. */
import type { Translator } from "../i18n";
import { Field, FormError } from "../web/components/field";
import type { FormValues } from "../web/form";
import { CreateForm } from "../web/form-token";
import { delimiters } from "./delimiter";
import { delimiterLabel, importPath, shortenedCell } from "./display";
import { type Encoding, encodings } from "./encoding";
import { type FieldKey, fieldKeys } from "./fields";
import type { ImportKind } from "./plan";
import type { ImportRecord } from "./run";
import type { TableSummary } from "./table";

const kinds: ImportKind[] = ["people", "organizations", "participants"];

export function ImportsPage({
  i18n,
  rows,
}: {
  i18n: Translator;
  rows: (ImportRecord & { by: string | null })[];
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="imports-title">
      <div class="page-head">
        <h1 id="imports-title">{t("imports.title")}</h1>
        <div class="actions">
          <a class="button primary" href="/imports/new">
            {t("imports.new")}
          </a>
        </div>
      </div>
      {rows.length === 0 ? (
        <p class="muted">{t("imports.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("imports.file")}</th>
                <th scope="col">{t("imports.kind")}</th>
                <th scope="col">{t("imports.statusLabel")}</th>
                <th scope="col">{t("imports.by")}</th>
                <th scope="col">{t("imports.when")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={importPath(row.id)}>{row.fileName}</a>
                  </th>
                  <td>{t(`imports.kind.${row.kind}`)}</td>
                  <td>{t(`imports.status.${row.status}`)}</td>
                  <td>{row.by}</td>
                  <td class="nowrap">{i18n.date(row.createdAt, "datetime")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function UploadPage({
  i18n,
  kind,
  activities,
  activityId,
  error,
  values,
}: {
  i18n: Translator;
  kind: ImportKind;
  activities: { id: number; title: string; startDate: string }[];
  activityId?: number;
  error?: string;
  /** The text fields of an upload that was refused: its one-time token is kept. */
  values?: FormValues;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">{t("imports.new")}</h1>
      <CreateForm action="/imports" values={values} enctype="multipart/form-data" class="stack record-form">
        {error && <FormError message={error} />}
        <fieldset class="checkbox-group">
          <legend>{t("imports.kind")}</legend>
          {kinds.map((value) => (
            <label class="checkbox">
              <input type="radio" name="kind" value={value} checked={value === kind} />
              {t(`imports.kind.${value}`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="field-activity">{t("imports.activity")}</label>
          <p class="hint" id="field-activity-hint">
            {t("imports.activityHint")}
          </p>
          <select id="field-activity" name="activityId" aria-describedby="field-activity-hint">
            <option value="">{t("activities.noneChosen")}</option>
            {activities.map((activity) => (
              <option value={String(activity.id)} selected={activity.id === activityId}>
                {`${activity.startDate} · ${activity.title}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field drop-zone">
          <label for="field-file">{t("imports.fileLabel")}</label>
          <p class="hint" id="field-file-hint">
            {t("imports.fileHint")}
          </p>
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".csv,.txt,.tsv,.xlsx,.ods,.xls,text/csv,text/plain"
            required
            aria-describedby="field-file-hint"
          />
        </div>
        <Field
          name="sheet"
          label={t("imports.sheet")}
          hint={t("imports.sheetHint")}
          i18n={i18n}
          values={values}
        />
        <button type="submit" class="primary">
          {t("imports.upload")}
        </button>
      </CreateForm>
    </section>
  );
}

export function MappingPage({
  i18n,
  record,
  table,
  columns,
  saved,
  error,
}: {
  i18n: Translator;
  record: ImportRecord;
  table: TableSummary;
  columns: (FieldKey | null)[];
  saved: { id: number; name: string }[];
  error?: string;
}) {
  const { t } = i18n;
  const samples = table.samples;
  const action = `${importPath(record.id)}/map`;
  return (
    <section aria-labelledby="map-title">
      <h1 id="map-title">{t("imports.mapTitle", { file: record.fileName })}</h1>
      <p>{t("imports.rowsFound", { count: table.rowCount })}</p>
      {saved.length > 0 && (
        <form method="get" action={action} class="filters">
          <div class="field">
            <label for="field-saved">{t("imports.savedMapping")}</label>
            <select id="field-saved" name="saved">
              {saved.map((mapping) => (
                <option value={String(mapping.id)}>{mapping.name}</option>
              ))}
            </select>
          </div>
          <button type="submit">{t("imports.useMapping")}</button>
        </form>
      )}
      <form method="post" action={action} class="stack">
        {error && <FormError message={error} />}
        <fieldset class="filters">
          <legend>{t("imports.reading")}</legend>
          <div class="field">
            <label for="field-encoding">{t("imports.encoding")}</label>
            <select
              id="field-encoding"
              name="encoding"
              aria-describedby={table.readings.length > 0 ? "encoding-readings-hint" : undefined}
            >
              {encodings.map((encoding: Encoding) => (
                <option value={encoding} selected={encoding === table.encoding}>
                  {t(`encodingName.${encoding}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="field-delimiter">{t("imports.delimiterLabel")}</label>
            <select id="field-delimiter" name="delimiter">
              {delimiters.map((delimiter) => (
                <option
                  value={delimiter === "\t" ? "tab" : delimiter}
                  selected={delimiter === table.delimiter}
                >
                  {delimiterLabel(delimiter, t)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        {table.readings.length > 0 && <EncodingReadings i18n={i18n} table={table} />}
        <div class="table-wrap">
          <table>
            <caption>{t("imports.columns")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("imports.column")}</th>
                <th scope="col">{t("imports.examples")}</th>
                <th scope="col">{t("imports.field")}</th>
              </tr>
            </thead>
            <tbody>
              {table.header.map((header, index) => (
                <tr>
                  <th scope="row">{header || t("imports.unnamedColumn", { number: index + 1 })}</th>
                  <td class="text">
                    {samples
                      .map((row) => shortenedCell(row.cells[index] ?? ""))
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                  <td>
                    <select
                      name={`column-${index}`}
                      aria-label={t("imports.fieldOf", { column: header || String(index + 1) })}
                    >
                      <option value="">{t("imports.ignore")}</option>
                      {fieldKeys(record.kind).map((key) => (
                        <option value={key} selected={columns[index] === key}>
                          {t(`importField.${key}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="field">
          <label for="field-saveAs">{t("imports.saveAs")}</label>
          <p class="hint" id="field-saveAs-hint">
            {t("imports.saveAsHint")}
          </p>
          <input id="field-saveAs" name="saveAs" aria-describedby="field-saveAs-hint" maxlength={100} />
        </div>
        <button type="submit" class="primary">
          {t("imports.toPreview")}
        </button>
      </form>
    </section>
  );
}

/**
 * A file in a one-byte code page: its first line with other letters as each code page reads it, the best reading
 * first, so a coordinator sees which one gives the names and can choose it above.
 */
function EncodingReadings({ i18n, table }: { i18n: Translator; table: TableSummary }) {
  const { t } = i18n;
  return (
    <section class="encoding-readings" aria-labelledby="encoding-readings-title">
      <h2 id="encoding-readings-title">{t("imports.readingsTitle")}</h2>
      <ul>
        {table.readings.map(({ encoding, line }) => (
          <li aria-current={encoding === table.encoding ? "true" : undefined}>
            <span class="reading-encoding">
              {t(`encodingName.${encoding}`)}
              {encoding === table.encoding && <strong> ({t("imports.readingChosen")})</strong>}
            </span>
            <span class="reading-line">{line}</span>
          </li>
        ))}
      </ul>
      <p class="hint" id="encoding-readings-hint">
        {t("imports.readingsHint")}
      </p>
    </section>
  );
}
