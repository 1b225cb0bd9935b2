/**
 * All SQL of consent per purpose: a person's answers, the consent form's save (every purpose at the version the form
 * was opened at, in one transaction, audited as `consent.set` on the person), and the roster's answer for many people
 * at once.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { auditEvents, consents, participations, people, users } from "../db/schema";
import {
  answerToken,
  type ConsentAnswer,
  type ConsentFormInput,
  type ConsentMethod,
  type ConsentPurpose,
  consentField,
  consentPurposes,
  type RecordedConsentStatus,
} from "./validation";

/** A purpose's stored answer, with who recorded it last and when. */
export type StoredConsent = ConsentAnswer & {
  id: number;
  purpose: ConsentPurpose;
  version: number;
  updatedAt: Date;
  recordedBy: string | null;
};
export type PersonConsents = Map<ConsentPurpose, StoredConsent>;

const storedColumns = {
  id: consents.id,
  purpose: consents.purpose,
  status: consents.status,
  givenOn: consents.givenOn,
  method: consents.method,
  note: consents.note,
  version: consents.version,
  updatedAt: consents.updatedAt,
  recordedBy: users.name,
};

/** A person's answers by purpose (a purpose without one is not in the map). */
export async function listConsents(db: Db | Tx, personId: number): Promise<PersonConsents> {
  const rows = await db
    .select(storedColumns)
    .from(consents)
    .leftJoin(users, eq(users.id, consents.updatedBy))
    .where(eq(consents.personId, personId))
    .orderBy(asc(consents.id));
  return new Map(rows.map((row) => [row.purpose, row]));
}

/** An answer as the audit keeps it (null: not recorded). */
export function auditValue(answer: ConsentAnswer | undefined | null): ConsentAnswer | null {
  if (!answer) return null;
  return { status: answer.status, givenOn: answer.givenOn, method: answer.method, note: answer.note };
}

const sameAnswer = (stored: ConsentAnswer | undefined, wanted: ConsentFormInput[ConsentPurpose]) =>
  wanted.status === "unknown"
    ? stored === undefined
    : stored !== undefined &&
      stored.status === wanted.status &&
      stored.givenOn === wanted.givenOn &&
      stored.method === wanted.method &&
      stored.note === wanted.note;

export type ConsentSaveResult =
  | { saved: true; changed: ConsentPurpose[] }
  /** Someone saved an answer this form would change since it was opened: the answers now (null: no such person). */
  | { saved: false; current: PersonConsents | null; stale: ConsentPurpose[] };

/**
 * Saves the form's four answers. Each purpose carries the version it was opened at (0: it had no answer); a purpose
 * whose answer moved on since and that this form would set to something else refuses the whole save, so nobody's
 * answer is overwritten unseen. The person's row is locked first: two saves for one person go one after the other,
 * and the second sees the first's versions.
 */
export async function saveConsents(
  tx: Tx,
  personId: number,
  input: ConsentFormInput,
  actor: Actor,
): Promise<ConsentSaveResult> {
  const [person] = await tx
    .select({ id: people.id, erasedAt: people.erasedAt })
    .from(people)
    .where(eq(people.id, personId))
    .for("update");
  // Erased meanwhile (the erasure held this lock): nothing more is kept about them.
  if (!person || person.erasedAt) return { saved: false, current: null, stale: [] };
  const current = await listConsents(tx, personId);
  const stale = consentPurposes.filter((purpose) => {
    const stored = current.get(purpose);
    return answerToken(stored) !== input[purpose].version && !sameAnswer(stored, input[purpose]);
  });
  if (stale.length > 0) return { saved: false, current, stale };
  const changed = consentPurposes.filter((purpose) => !sameAnswer(current.get(purpose), input[purpose]));
  if (changed.length === 0) return { saved: true, changed };
  const now = new Date();
  for (const purpose of changed) {
    const stored = current.get(purpose);
    const { status, givenOn, method, note } = input[purpose];
    if (status === "unknown") {
      await tx.delete(consents).where(eq(consents.id, stored?.id ?? 0));
    } else if (stored) {
      await tx
        .update(consents)
        .set({
          status,
          givenOn,
          method,
          note,
          version: stored.version + 1,
          updatedAt: now,
          updatedBy: actor.userId,
        })
        .where(eq(consents.id, stored.id));
    } else {
      await tx.insert(consents).values({
        personId,
        purpose,
        status,
        givenOn,
        method,
        note,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      });
    }
  }
  const answer = (purpose: ConsentPurpose) => {
    const { status, version: _version, ...rest } = input[purpose];
    return status === "unknown" ? null : { status, ...rest };
  };
  await tx.insert(auditEvents).values({
    userId: actor.userId,
    requestId: actor.requestId ?? null,
    action: "consent.set",
    entityType: "person",
    entityId: personId,
    before: Object.fromEntries(changed.map((p) => [consentField[p], auditValue(current.get(p))])),
    after: Object.fromEntries(changed.map((p) => [consentField[p], answer(p)])),
  });
  return { saved: true, changed };
}

const chunk = 2_000;

export type BulkAnswer = {
  purpose: ConsentPurpose;
  status: RecordedConsentStatus;
  method: ConsentMethod | null;
  givenOn: string;
};

/**
 * Records one purpose's answer for the people of some roster rows of an activity (rows of other activities are not
 * theirs to change). A deliberate answer for everyone ticked: it replaces the one stored (its note stays), last writer
 * wins, each person's change audited on the person. Returns how many people's answers changed and how many were on
 * the roster.
 */
export async function recordConsentForRows(
  tx: Tx,
  activityId: number,
  participationIds: number[],
  answer: BulkAnswer,
  actor: Actor,
): Promise<{ changed: number; people: number }> {
  if (participationIds.length === 0) return { changed: 0, people: 0 };
  const rows = await tx
    .select({ personId: participations.personId })
    .from(participations)
    .where(and(eq(participations.activityId, activityId), inArray(participations.id, participationIds)));
  const personIds = [...new Set(rows.map((row) => row.personId))].sort((a, b) => a - b);
  if (personIds.length === 0) return { changed: 0, people: 0 };
  // The people locked in id order, as the consent form locks its person: a form saved meanwhile waits, or is
  // waited for.
  await tx
    .select({ id: people.id })
    .from(people)
    .where(inArray(people.id, personIds))
    .orderBy(asc(people.id))
    .for("update");
  const stored = await tx
    .select({
      id: consents.id,
      personId: consents.personId,
      status: consents.status,
      givenOn: consents.givenOn,
      method: consents.method,
      note: consents.note,
      version: consents.version,
    })
    .from(consents)
    .where(and(inArray(consents.personId, personIds), eq(consents.purpose, answer.purpose)));
  const storedOf = new Map(stored.map((row) => [row.personId, row]));
  const now = new Date();
  const field = consentField[answer.purpose];
  const audits: (typeof auditEvents.$inferInsert)[] = [];
  const fresh: (typeof consents.$inferInsert)[] = [];
  for (const personId of personIds) {
    const before = storedOf.get(personId);
    const { status, givenOn, method } = answer;
    if (before && before.status === status && before.givenOn === givenOn && before.method === method)
      continue;
    if (before) {
      await tx
        .update(consents)
        .set({
          status,
          givenOn,
          method,
          version: before.version + 1,
          updatedAt: now,
          updatedBy: actor.userId,
        })
        .where(eq(consents.id, before.id));
    } else {
      fresh.push({
        personId,
        purpose: answer.purpose,
        status,
        givenOn,
        method,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      });
    }
    audits.push({
      userId: actor.userId,
      requestId: actor.requestId ?? null,
      action: "consent.set",
      entityType: "person",
      entityId: personId,
      before: { [field]: auditValue(before) },
      after: { [field]: { status, givenOn, method, note: before?.note ?? null } },
    });
  }
  // In chunks: one statement has at most 65,535 parameters.
  for (let start = 0; start < fresh.length; start += chunk)
    await tx.insert(consents).values(fresh.slice(start, start + chunk));
  for (let start = 0; start < audits.length; start += chunk)
    await tx.insert(auditEvents).values(audits.slice(start, start + chunk));
  return { changed: audits.length, people: personIds.length };
}
