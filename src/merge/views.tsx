/** The merge pages: choosing the other record, comparing the two side by side, and the possible-duplicates list. */
import type { Child } from "hono/jsx";
import type { MergeableKind } from "../db/schema/merges";
import type { LikelyDuplicate } from "../directory/duplicates";
import { showValue } from "../directory/records";
import { fieldLabel, type MessageKey, type Translator } from "../i18n";
import { type MergeKind, mergeKinds } from "./kinds";
import type { DuplicatePair } from "./pairs";
import { type Choices, isEmpty } from "./queries";

type Named = { id: number; name: string };

function compareHref(kind: MergeKind, survivorId: number, otherId: number): string {
  return `${kind.base}/${survivorId}/merge?with=${otherId}`;
}

function CandidateList({
  i18n,
  kind,
  record,
  candidates,
}: {
  i18n: Translator;
  kind: MergeKind;
  record: Named;
  candidates: Named[];
}) {
  return (
    <ul class="candidates">
      {candidates.map((candidate) => (
        <li>
          <a href={`${kind.base}/${candidate.id}`}>{candidate.name}</a> ·{" "}
          <a href={compareHref(kind, record.id, candidate.id)}>{i18n.t("merge.compare")}</a>
        </li>
      ))}
    </ul>
  );
}

/** GET …/:id/merge: which record is the same as this one? Likely duplicates first, then a search. */
export function MergePickPage({
  i18n,
  kind,
  record,
  likely,
  q,
  results,
}: {
  i18n: Translator;
  kind: MergeKind;
  record: Named;
  likely: LikelyDuplicate[];
  q: string;
  results: Named[];
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="merge-title">
      <h1 id="merge-title">{t("merge.title", { name: record.name })}</h1>
      <p>{t("merge.pickHint", { name: record.name })}</p>
      {likely.length > 0 && (
        <>
          <h2>{t("merge.likely")}</h2>
          <CandidateList i18n={i18n} kind={kind} record={record} candidates={likely} />
        </>
      )}
      <search>
        <form method="get" action={`${kind.base}/${record.id}/merge`} class="filters">
          <div class="field">
            <label for="merge-q">{t("merge.search")}</label>
            <input id="merge-q" type="search" name="q" value={q} />
          </div>
          <button type="submit">{t("directory.apply")}</button>
        </form>
      </search>
      {q !== "" &&
        (results.length > 0 ? (
          <CandidateList i18n={i18n} kind={kind} record={record} candidates={results} />
        ) : (
          <p>{t("merge.none")}</p>
        ))}
      <p>
        <a href={`${kind.base}/${record.id}`}>{t("history.back")}</a>
      </p>
    </section>
  );
}

type Side = { id: number; version: number; name: string; fields: Record<string, unknown> };

/** The value each field starts with on the compare page: the survivor's, unless it is empty and the other's is not. */
export function defaultChoices(kind: MergeKind, survivor: Side, other: Side): Choices {
  const choices: Choices = {};
  for (const field of Object.keys(survivor.fields)) {
    if (kind.combined.includes(field)) continue;
    choices[field] = isEmpty(survivor.fields[field]) && !isEmpty(other.fields[field]) ? "other" : "survivor";
  }
  return choices;
}

function shown(i18n: Translator, field: string, value: unknown): Child {
  const text = showValue(i18n, field, value);
  return text === "" ? <span class="muted">{i18n.t("merge.empty")}</span> : text;
}

function ChoiceCell({
  i18n,
  field,
  side,
  value,
  checked,
}: {
  i18n: Translator;
  field: string;
  side: "survivor" | "other";
  value: unknown;
  checked: boolean;
}) {
  return (
    <td>
      <label class="choice">
        <input type="radio" name={`choice.${field}`} value={side} checked={checked} />
        <span class="visually-hidden">{fieldLabel(i18n, field)}: </span>
        {shown(i18n, field, value)}
      </label>
    </td>
  );
}

const linkLabels: Record<string, MessageKey> = {
  affiliations: "merge.links.affiliations",
  participations: "merge.links.participations",
  interaction_people: "merge.links.contacts",
  interaction_organizations: "merge.links.contacts",
  activity_partners: "merge.links.partnerRoles",
  consents: "merge.links.consents",
};

/** GET …/:id/merge?with=…: both records side by side; a choice for each field that differs. */
export function MergeComparePage({
  i18n,
  kind,
  survivor,
  other,
  choices,
  links,
  problem,
}: {
  i18n: Translator;
  kind: MergeKind;
  survivor: Side;
  other: Side;
  choices: Choices;
  /** How many rows of each link table point at the other record. */
  links: Record<string, number>;
  problem?: string;
}) {
  const { t } = i18n;
  const names = { survivor: survivor.name, other: other.name };
  return (
    <section aria-labelledby="merge-title">
      <h1 id="merge-title">{t("merge.compareTitle", names)}</h1>
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <p>{t("merge.explain", names)}</p>
      <p>
        <a href={compareHref(kind, other.id, survivor.id)}>{t("merge.swap", names)}</a>
      </p>
      <form method="post" action={`${kind.base}/${survivor.id}/merge`}>
        <input type="hidden" name="with" value={String(other.id)} />
        <input type="hidden" name="survivorVersion" value={String(survivor.version)} />
        <input type="hidden" name="otherVersion" value={String(other.version)} />
        <div class="table-wrap">
          <table class="merge">
            <thead>
              <tr>
                <th scope="col">{t("history.field")}</th>
                <th scope="col">
                  <a href={`${kind.base}/${survivor.id}`}>{survivor.name}</a>
                </th>
                <th scope="col">
                  <a href={`${kind.base}/${other.id}`}>{other.name}</a>
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.keys(survivor.fields).map((field) => {
                const [mine, theirs] = [survivor.fields[field], other.fields[field]];
                const label = <th scope="row">{fieldLabel(i18n, field)}</th>;
                if (kind.combined.includes(field) || field === kind.otherNamesField) {
                  const both = [...new Set([...(mine as unknown[]), ...(theirs as unknown[])])];
                  return (
                    <tr>
                      {label}
                      <td colspan={2}>
                        {shown(i18n, field, both)} <span class="muted">({t("merge.combined")})</span>
                      </td>
                    </tr>
                  );
                }
                if (showValue(i18n, field, mine) === showValue(i18n, field, theirs)) {
                  return (
                    <tr>
                      {label}
                      <td colspan={2}>{shown(i18n, field, mine)}</td>
                    </tr>
                  );
                }
                return (
                  <tr class="differs">
                    {label}
                    <ChoiceCell
                      i18n={i18n}
                      field={field}
                      side="survivor"
                      value={mine}
                      checked={choices[field] !== "other"}
                    />
                    <ChoiceCell
                      i18n={i18n}
                      field={field}
                      side="other"
                      value={theirs}
                      checked={choices[field] === "other"}
                    />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <h2>{t("merge.moves", names)}</h2>
        <ul>
          {Object.entries(links).map(([table, count]) => (
            <li>{t(linkLabels[table] ?? "merge.links.contacts", { count })}</li>
          ))}
        </ul>
        <button type="submit" class="primary">
          {t("merge.submit", names)}
        </button>
      </form>
    </section>
  );
}

/** Names the pair for screen readers, so each row's link and button say which pair they act on. */
function PairNames({ pair }: { pair: DuplicatePair }) {
  return <span class="visually-hidden">: {`${pair.firstName} / ${pair.secondName}`}</span>;
}

function reasonsText(i18n: Translator, pair: DuplicatePair): string {
  return pair.reasons.map((reason) => i18n.t(`duplicates.reason.${reason}`)).join(", ");
}

/** GET /duplicates: likely pairs across the directory, best first, each to compare or to dismiss. */
export function DuplicatesPage({
  i18n,
  kind,
  pairs,
  limit,
}: {
  i18n: Translator;
  kind: MergeableKind;
  pairs: DuplicatePair[];
  limit: number;
}) {
  const { t } = i18n;
  const { base } = mergeKinds[kind];
  const tabs = [
    { kind: "person", label: t("nav.people") },
    { kind: "organization", label: t("nav.organizations") },
  ] as const;
  return (
    <section aria-labelledby="duplicates-title">
      <h1 id="duplicates-title">{t("duplicates.title")}</h1>
      <p>{t("duplicates.intro")}</p>
      <nav aria-label={t("duplicates.kinds")} class="tabs">
        {tabs.map((tab) => (
          <a href={`/duplicates?kind=${tab.kind}`} aria-current={tab.kind === kind ? "page" : undefined}>
            {tab.label}
          </a>
        ))}
      </nav>
      {pairs.length === 0 ? (
        <p>{t("duplicates.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("duplicates.record")}</th>
                <th scope="col">{t("duplicates.possibleDuplicate")}</th>
                <th scope="col">{t("duplicates.why")}</th>
                <th scope="col">{t("duplicates.similarity")}</th>
                <th scope="col">{t("duplicates.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((pair) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${pair.firstId}`}>{pair.firstName}</a>
                  </th>
                  <td>
                    <a href={`${base}/${pair.secondId}`}>{pair.secondName}</a>
                  </td>
                  <td>{reasonsText(i18n, pair)}</td>
                  <td>{i18n.percent(Math.round(pair.similarity * 100) / 100)}</td>
                  <td class="row-actions">
                    <a href={`${base}/${pair.firstId}/merge?with=${pair.secondId}`}>
                      {t("duplicates.compare")}
                      <PairNames pair={pair} />
                    </a>
                    <form method="post" action="/duplicates/dismiss" class="inline-form">
                      <input type="hidden" name="kind" value={kind} />
                      <input type="hidden" name="first" value={String(pair.firstId)} />
                      <input type="hidden" name="second" value={String(pair.secondId)} />
                      <button type="submit">
                        {t("duplicates.dismiss")}
                        <PairNames pair={pair} />
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pairs.length >= limit && <p class="muted">{t("duplicates.limited", { count: limit })}</p>}
    </section>
  );
}

/** A refusal that needs more than a flash: what happened and where to go. */
export function MergeProblemPage({
  i18n,
  message,
  back,
}: {
  i18n: Translator;
  message: string;
  back: string;
}) {
  return (
    <section aria-labelledby="problem-title">
      <h1 id="problem-title">{i18n.t("merge.problemTitle")}</h1>
      <p>{message}</p>
      <p>
        <a href={back}>{i18n.t("history.back")}</a>
      </p>
    </section>
  );
}
