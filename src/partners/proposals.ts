/**
 * Partners propose, staff write: a change a partner asks for on their organisation or one of its people is kept as
 * one proposal per field (the value they saw, the value they want). A coordinator accepts or rejects each; accepting
 * saves it through the directory's own update (search text, version, audit), so nothing a partner sends reaches the
 * directory unread.
 */
import { and, asc, eq, getTableColumns, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { z } from "zod";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { organizations, partnerProposals, people, users } from "../db/schema";
import { email, optionalText, requiredText, website } from "../directory/fields";
import { limits } from "../directory/limits";
import { displayValue } from "../directory/records";
import type { MessageKey } from "../i18n";
import {
  getOrganization,
  editableFields as organizationFields,
  updateOrganization,
} from "../organizations/queries";
import { getPerson, editableFields as personFields, updatePerson } from "../people/queries";
import { normalizePhone } from "../text/phone";

/** The fields a partner may propose changes to, with the rule each value must meet. */
export const proposable = {
  organization: {
    name: requiredText(limits.organizationName),
    city: optionalText(limits.city),
    address: optionalText(limits.address),
    website,
    email,
    phone: optionalText(limits.phone),
    description: optionalText(limits.notes),
  },
  person: {
    fullName: requiredText(limits.personName),
    email,
    phone: optionalText(limits.phone),
    city: optionalText(limits.city),
  },
} as const;
export type ProposalSubject = keyof typeof proposable;
export type ProposedField<S extends ProposalSubject> = keyof (typeof proposable)[S] & string;

export const fieldLabels: Record<string, MessageKey> = {
  name: "field.name",
  fullName: "field.fullName",
  city: "field.city",
  address: "field.address",
  website: "field.website",
  email: "field.email",
  phone: "field.phone",
  description: "field.description",
};

export type ProposalCheck =
  | { ok: true; changes: { field: string; oldValue: string; newValue: string }[] }
  | { ok: false; errors: Partial<Record<string, MessageKey>> };

/** Compares what the partner sent with what is stored: only the fields that differ become proposals. */
export function checkProposal(
  subject: ProposalSubject,
  current: Record<string, unknown>,
  sent: Record<string, string>,
): ProposalCheck {
  const rules: Record<string, z.ZodType> = proposable[subject];
  const errors: Partial<Record<string, MessageKey>> = {};
  const changes: { field: string; oldValue: string; newValue: string }[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    if (!(field in sent)) continue;
    const parsed = rule.safeParse(sent[field]);
    if (!parsed.success) {
      errors[field] = (parsed.error.issues[0]?.message ?? "form.required") as MessageKey;
      continue;
    }
    const newValue = parsed.data === null || parsed.data === undefined ? "" : String(parsed.data);
    const oldValue = displayValue(current[field]);
    if (newValue !== oldValue) changes.push({ field, oldValue, newValue });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, changes };
}

/** Keeps one open proposal per changed field; a field's earlier open proposal from the organisation is replaced. */
export async function saveProposals(
  db: Db,
  organizationId: number,
  personId: number | null,
  changes: { field: string; oldValue: string; newValue: string }[],
  actor: Actor,
): Promise<number> {
  return db.transaction(async (tx) => {
    for (const change of changes) {
      const sameField = and(
        eq(partnerProposals.organizationId, organizationId),
        personId === null ? isNull(partnerProposals.personId) : eq(partnerProposals.personId, personId),
        eq(partnerProposals.field, change.field),
        eq(partnerProposals.status, "open"),
      );
      await tx.delete(partnerProposals).where(sameField);
      const [row] = await tx
        .insert(partnerProposals)
        .values({ organizationId, personId, ...change, proposedBy: actor.userId })
        .returning({ id: partnerProposals.id });
      await recordAudit(tx, {
        ...actor,
        action: "partner_proposal.create",
        entityType: "partner_proposal",
        entityId: row?.id ?? null,
        after: { organizationId, personId, ...change },
      });
    }
    return changes.length;
  });
}

/** The open proposals of one organisation (and its people) a partner has sent, to show them as pending. */
export async function openProposalsOf(db: Db, organizationId: number, personId: number | null) {
  return db
    .select({ field: partnerProposals.field, newValue: partnerProposals.newValue })
    .from(partnerProposals)
    .where(
      and(
        eq(partnerProposals.organizationId, organizationId),
        personId === null ? isNull(partnerProposals.personId) : eq(partnerProposals.personId, personId),
        eq(partnerProposals.status, "open"),
      ),
    );
}

/** Every open proposal, oldest first, with the organisation, the person and who sent it. */
/** The value a proposal's field has in the record today (it may have changed since the partner proposed). */
function currentValueSql(): SQL<string | null> {
  const fieldOf = (table: typeof organizations | typeof people, subject: ProposalSubject) => {
    const columns = getTableColumns(table) as Record<string, AnyPgColumn>;
    const cases = Object.keys(proposable[subject]).map(
      (field) => sql`when ${field} then ${columns[field]}::text`,
    );
    return sql`case ${partnerProposals.field} ${sql.join(cases, sql` `)} end`;
  };
  return sql<string | null>`case when ${partnerProposals.personId} is null
    then ${fieldOf(organizations, "organization")} else ${fieldOf(people, "person")} end`;
}

export async function listOpenProposals(db: Db) {
  return db
    .select({
      id: partnerProposals.id,
      organizationId: partnerProposals.organizationId,
      organizationName: organizations.name,
      personId: partnerProposals.personId,
      personName: people.fullName,
      field: partnerProposals.field,
      oldValue: partnerProposals.oldValue,
      currentValue: currentValueSql(),
      newValue: partnerProposals.newValue,
      proposedBy: users.name,
      createdAt: partnerProposals.createdAt,
    })
    .from(partnerProposals)
    .innerJoin(organizations, eq(organizations.id, partnerProposals.organizationId))
    .leftJoin(people, eq(people.id, partnerProposals.personId))
    .leftJoin(users, eq(users.id, partnerProposals.proposedBy))
    .where(eq(partnerProposals.status, "open"))
    .orderBy(asc(partnerProposals.createdAt), asc(partnerProposals.id));
}
export type OpenProposal = Awaited<ReturnType<typeof listOpenProposals>>[number];

export type ProposalDecision =
  | { decided: true }
  | { decided: false; reason: "alreadyDecided" | "recordGone" };

/** Accepts (saves the value into the record) or rejects one proposal. */
export async function decideProposal(
  db: Db,
  id: number,
  accept: boolean,
  actor: Actor,
): Promise<ProposalDecision> {
  return db.transaction(async (tx): Promise<ProposalDecision> => {
    const [proposal] = await tx
      .select()
      .from(partnerProposals)
      .where(eq(partnerProposals.id, id))
      .for("update");
    if (proposal?.status !== "open") return { decided: false, reason: "alreadyDecided" };
    if (accept && !(await applyProposal(tx, proposal, actor)))
      return { decided: false, reason: "recordGone" };
    await tx
      .update(partnerProposals)
      .set({
        status: accept ? "accepted" : "rejected",
        decidedBy: actor.userId,
        decidedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(partnerProposals.id, id));
    await recordAudit(tx, {
      ...actor,
      action: accept ? "partner_proposal.accept" : "partner_proposal.reject",
      entityType: "partner_proposal",
      entityId: id,
      after: { field: proposal.field, value: proposal.newValue },
    });
    return { decided: true };
  });
}

type Proposal = typeof partnerProposals.$inferSelect;

async function applyProposal(tx: Tx, proposal: Proposal, actor: Actor): Promise<boolean> {
  const value = proposal.newValue === "" ? null : proposal.newValue;
  if (proposal.personId === null) {
    const organization = await getOrganization(tx, proposal.organizationId);
    if (!organization || organization.archivedAt || organization.mergedIntoId) return false;
    const input = {
      ...organizationFields(organization),
      [proposal.field]: phoneOr(proposal.field, value, organization.country),
    };
    const saved = await updateOrganization(tx, organization.id, organization.version, input, actor);
    return saved.saved;
  }
  const person = await getPerson(tx, proposal.personId);
  if (!person || person.archivedAt || person.mergedIntoId) return false;
  const input = {
    ...personFields(person, true),
    [proposal.field]: phoneOr(proposal.field, value, person.country),
  };
  const saved = await updatePerson(
    tx,
    person.id,
    person.version,
    input as Parameters<typeof updatePerson>[3],
    true,
    actor,
  );
  return saved.saved;
}

/** A phone is stored in the directory's one form (read with the record's country); other values as sent. */
function phoneOr(field: string, value: string | null, country: string | null): string | null {
  if (field !== "phone" || value === null) return value;
  return normalizePhone(value, country ?? undefined).value;
}
