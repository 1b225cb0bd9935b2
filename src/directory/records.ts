/** What people and organisations share as directory records: archiving, the archived and text filters, and edit conflicts. */
import { and, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Tx } from "../db/client";
import { organizations, people } from "../db/schema";
import { fieldLabel, isMessageKey, type Translator } from "../i18n";
import { countryName } from "../text/country";

type DirectoryTable = typeof organizations | typeof people;
const entityTypes = new Map<DirectoryTable, string>([
  [organizations, "organization"],
  [people, "person"],
]);

export type ArchivedFilter = "only" | "include" | undefined;

/** Lists hide archived records unless asked for them. */
export function archivedCondition(table: DirectoryTable, filter: ArchivedFilter) {
  if (filter === "include") return undefined;
  return filter === "only" ? isNotNull(table.archivedAt) : isNull(table.archivedAt);
}

/** A free-text filter (a city, a community): the whole value, in any case, spaces around it ignored; none when empty. */
export function sameTextCondition(column: AnyPgColumn, value: string | undefined): SQL | undefined {
  return value ? sql`lower(trim(${column})) = lower(${value})` : undefined;
}

/**
 * Archives or restores a record, with its audit event; returns its name, null when there is no such record, or
 * "merged" for a record merged into another, which comes back only by undoing the merge. A record already in that
 * state is left as it is, unrecorded: of two overlapping archivings the second, once the first commits, finds
 * nothing to change, rather than moving the date and recording a second archiving.
 */
export async function setArchived(
  tx: Tx,
  table: DirectoryTable,
  id: number,
  archived: boolean,
  actor: Actor,
  nameColumn: AnyPgColumn,
): Promise<string | null | "merged" | "erased"> {
  // An erased person stays archived: nothing of them comes back (decision 24).
  const notErased = table === people ? isNull(people.erasedAt) : undefined;
  const [row] = await tx
    .update(table)
    .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date(), updatedBy: actor.userId })
    .where(
      and(
        eq(table.id, id),
        isNull(table.mergedIntoId),
        notErased,
        archived ? isNull(table.archivedAt) : isNotNull(table.archivedAt),
      ),
    )
    .returning({ name: sql<string>`${nameColumn}` });
  if (!row) {
    const [found] = await tx
      .select({
        name: sql<string>`${nameColumn}`,
        mergedIntoId: table.mergedIntoId,
        erased: notErased ? sql<boolean>`not (${notErased})` : sql<boolean>`false`,
      })
      .from(table)
      .where(eq(table.id, id));
    if (!found) return null;
    if (found.mergedIntoId !== null) return "merged";
    return found.erased ? "erased" : found.name;
  }
  const entityType = entityTypes.get(table) ?? "record";
  const action = `${entityType}.${archived ? "archive" : "restore"}`;
  await recordAudit(tx, { ...actor, action, entityType, entityId: id });
  return row.name;
}

/** A stored value as text: lists joined, nothing as "", a plain object (a purpose's consent) as its JSON. */
export function displayValue(value: unknown): string {
  if (value?.constructor === Object) return JSON.stringify(value);
  return Array.isArray(value) ? value.join(", ") : value == null ? "" : String(value);
}

/** The directory's fields stored as codes, and the prefix of their words in the messages. */
export const directoryVocabulary: Readonly<Record<string, string>> = {
  kind: "orgKind",
  stakeholderType: "stakeholderType",
  gender: "gender",
  displacementStatus: "displacement",
  // The single consent before purposes (decision 24): only the history of changes made before then holds it.
  consentStatus: "consent",
  communitiesServed: "community",
};

/**
 * A stored value as the record's own page shows it: codes in words (by `vocabulary`), countries named, lists joined,
 * nothing as "".
 */
export function showValue(
  i18n: Translator,
  field: string,
  value: unknown,
  vocabulary: Readonly<Record<string, string>> = directoryVocabulary,
): string {
  const prefix = vocabulary[field];
  const one = (item: unknown) => {
    if (prefix) {
      const key = `${prefix}.${String(item)}`;
      return isMessageKey(key) ? i18n.t(key) : String(item);
    }
    return field === "country" ? countryName(String(item), i18n.locale) : String(item);
  };
  if (value === null || value === undefined || value === "") return "";
  return Array.isArray(value) ? value.map(one).join(", ") : one(value);
}

/** For an edit conflict: the fields whose stored value differs from what was submitted, with the stored value. */
export function changedMeanwhile(
  stored: Record<string, unknown>,
  submitted: Record<string, unknown>,
  i18n: Translator,
) {
  return Object.keys(stored)
    .filter((key) => key in submitted && displayValue(stored[key]) !== displayValue(submitted[key]))
    .map((key) => ({ label: fieldLabel(i18n, key), value: displayValue(stored[key]) }));
}
