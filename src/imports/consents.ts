/**
 * Consent an import records (decision 24): a people or roster file may give each purpose's answer in its own column
 * (yes or no, read by normalize.ts), with one column for the day (else the import's day) and one for how it was given
 * (else "written": a list of people's answers is a paper the programme holds). An empty cell leaves the stored answer
 * as it is. Like any field, an answer fills a purpose with none, and replaces a different one only when the preview's
 * choice says so. Each answer is a change the preview lists (`consentPhotos`: before → after), and what the import
 * wrote is kept on the person's line (ids, versions and the answers before) for undo.
 */

import type { ConsentMethod, ConsentPurpose, RecordedConsentStatus } from "../consent/validation";
import { consentField } from "../consent/validation";
import { consentPurposes } from "../db/schema/enums";
import type { FieldKey } from "./fields";
import { type Change, changesOver, type Values } from "./merge";

/** A purpose's stored answer as the plan reads it (existing.ts). */
export type StoredConsent = {
  id: number;
  version: number;
  status: RecordedConsentStatus;
  givenOn: string | null;
  method: ConsentMethod | null;
  updatedBy: number | null;
};
export type StoredConsents = Partial<Record<ConsentPurpose, StoredConsent>>;

/** An answer the file gives. */
export type IncomingConsent = { status: RecordedConsentStatus; givenOn: string; method: ConsentMethod };

/** An answer the import writes: a new row, or the stored one replaced. */
export type PlannedConsent = {
  purpose: ConsentPurpose;
  answer: IncomingConsent;
  existing: StoredConsent | null;
};

/** What undo needs of one answer written: the row, the version it left, and the answer before (null: none). */
export type WrittenConsent = {
  id: number;
  purpose: ConsentPurpose;
  version: number;
  before: Pick<StoredConsent, "status" | "givenOn" | "method" | "updatedBy"> | null;
};

const columnOf: Record<ConsentPurpose, FieldKey> = {
  participation: "consent_participation",
  contact: "consent_contact",
  photos: "consent_photos",
  donor_sharing: "consent_donor_sharing",
};

/** The method an answer from a file has when the file does not say. */
export const importedConsentMethod: ConsentMethod = "written";

/** A person's answers from their lines (in file order): for each purpose, the first line that gives one. */
export function incomingConsents(lines: Values[], today: string): Map<ConsentPurpose, IncomingConsent> {
  const answers = new Map<ConsentPurpose, IncomingConsent>();
  for (const purpose of consentPurposes) {
    const line = lines.find((values) => typeof values[columnOf[purpose]] === "string");
    if (!line) continue;
    answers.set(purpose, {
      status: line[columnOf[purpose]] as RecordedConsentStatus,
      givenOn: typeof line.consent_date === "string" ? line.consent_date : today,
      method:
        typeof line.consent_method === "string"
          ? (line.consent_method as ConsentMethod)
          : importedConsentMethod,
    });
  }
  return answers;
}

/**
 * What the file's answers do to a person's stored ones: each answer compared as a field (`consentPhotos`), filled
 * where none is kept and replacing a different one only for the fields in `overwrite`; the same answer changes
 * nothing (its day and method are not moved).
 */
export function planConsents(
  stored: StoredConsents | null,
  incoming: Map<ConsentPurpose, IncomingConsent>,
  overwrite: ReadonlySet<string>,
): { writes: PlannedConsent[]; changes: Change[]; differing: Change[] } {
  if (incoming.size === 0) return { writes: [], changes: [], differing: [] };
  const storedStatus: Values = {};
  const incomingStatus: Values = {};
  for (const purpose of consentPurposes) {
    storedStatus[consentField[purpose]] = stored?.[purpose]?.status ?? null;
    incomingStatus[consentField[purpose]] = incoming.get(purpose)?.status ?? null;
  }
  const { changes, differing } = changesOver(storedStatus, incomingStatus, overwrite);
  const writes = consentPurposes.flatMap((purpose): PlannedConsent[] => {
    const answer = incoming.get(purpose);
    if (!answer || !changes.some((change) => change.field === consentField[purpose])) return [];
    return [{ purpose, answer, existing: stored?.[purpose] ?? null }];
  });
  return { writes, changes, differing };
}

/** The lines' written consents of an import row, as undo reads them back. */
export function writtenConsentsOf(values: unknown): WrittenConsent[] {
  const consents = (values as { consents?: unknown } | null)?.consents;
  return Array.isArray(consents) ? (consents as WrittenConsent[]) : [];
}
