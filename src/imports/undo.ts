/**
 * Taking an import back, in one transaction: what it created is removed, what it updated gets its old values back,
 * the roster rows, affiliations and consent answers it added go (answers it replaced come back). Refused, naming the
 * records, when someone changed one of them after the import (its version moved on) or a record it created is now
 * used elsewhere (a contact, another activity).
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { AnyPgTable } from "drizzle-orm/pg-core";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import { rowsOf, type Tx } from "../db/client";
import {
  affiliations,
  consents,
  importRows,
  imports,
  organizations,
  participations,
  partnerRequests,
  people,
} from "../db/schema";
import { organizationSearchColumns, personSearchColumns } from "../directory/search-columns";
import { writtenConsentsOf } from "./consents";

type Entity = "organization" | "person" | "affiliation" | "participation" | "consent";
/** Each kind of record an import writes, and how a refusal names one (`t`: the record). */
const tables: Record<Entity, { table: AnyPgTable; sqlName: string; name: string }> = {
  organization: { table: organizations, sqlName: "organizations", name: "t.name" },
  person: { table: people, sqlName: "people", name: "t.full_name" },
  affiliation: { table: affiliations, sqlName: "affiliations", name: "t.id::text" },
  participation: { table: participations, sqlName: "participations", name: "t.id::text" },
  // A consent answer is named by its person.
  consent: {
    table: consents,
    sqlName: "consents",
    name: "(select p.full_name from people p where p.id = t.person_id)",
  },
};

export type UndoResult =
  | { ok: true }
  | { ok: false; reason: "notDone" }
  | { ok: false; reason: "changedSince" | "usedSince"; names: string[] };

type Written = {
  entityType: Entity;
  entityId: number;
  outcome: string;
  version: number;
  before: Record<string, unknown> | null;
};

const idSet = (ids: number[]) =>
  sql`(select value::int from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/**
 * Locks every record the import wrote, in id order, until the transaction ends: a save in progress is waited for and
 * then seen by the version check, and none can go in between the check and the undo's own writes.
 */
async function lockWritten(tx: Tx, written: Written[]) {
  for (const entity of Object.keys(tables) as Entity[]) {
    const ids = written.filter((w) => w.entityType === entity).map((w) => w.entityId);
    if (ids.length === 0) continue;
    // Counted, so the rows are locked without being sent back; the count reads every one of them.
    await tx.execute(sql`
      select count(*) from (
        select 1 from ${sql.raw(tables[entity].sqlName)} t where t.id in ${idSet(ids)} order by t.id for update of t
      ) as locked`);
  }
}

/** The records whose version is no longer the one the import left, by name (at most five). */
async function changedSince(tx: Tx, written: Written[]): Promise<string[]> {
  const names: string[] = [];
  for (const entity of Object.keys(tables) as Entity[]) {
    const mine = written.filter((w) => w.entityType === entity);
    if (mine.length === 0) continue;
    const expected = JSON.stringify(mine.map((w) => ({ id: w.entityId, version: w.version })));
    const { sqlName, name } = tables[entity];
    const rows = rowsOf<{ name: string }>(
      await tx.execute(sql`
        select ${sql.raw(name)} as name
        from jsonb_to_recordset(${expected}::jsonb) as e(id int, version int)
        join ${sql.raw(sqlName)} t on t.id = e.id
        where t.version <> e.version
        limit 5`),
    );
    names.push(...rows.map((row) => row.name));
  }
  return names.slice(0, 5);
}

/** People and organisations the import created that something outside the import now refers to. */
async function usedSince(tx: Tx, written: Written[]): Promise<string[]> {
  const created = (entity: Entity) =>
    written.filter((w) => w.entityType === entity && w.outcome !== "updated").map((w) => w.entityId);
  const people_ = created("person");
  const organizations_ = created("organization");
  const ownAffiliations = created("affiliation");
  const ownParticipations = created("participation");
  const ownConsents = created("consent");
  const names: string[] = [];
  if (people_.length > 0) {
    const rows = rowsOf<{ name: string }>(
      await tx.execute(sql`
        select p.full_name as name from people p where p.id in ${idSet(people_)} and (
          exists (select 1 from participations x where x.person_id = p.id and x.id not in ${idSet(ownParticipations)})
          or exists (select 1 from affiliations x where x.person_id = p.id and x.id not in ${idSet(ownAffiliations)})
          or exists (select 1 from interaction_people x where x.person_id = p.id)
          or exists (select 1 from partner_proposals x where x.person_id = p.id)
          or exists (select 1 from consents x where x.person_id = p.id and x.id not in ${idSet(ownConsents)})
          or exists (select 1 from people x where x.merged_into_id = p.id))
        limit 5`),
    );
    names.push(...rows.map((row) => row.name));
  }
  if (organizations_.length > 0) {
    const rows = rowsOf<{ name: string }>(
      await tx.execute(sql`
        select o.name from organizations o where o.id in ${idSet(organizations_)} and (
          exists (select 1 from affiliations x where x.organization_id = o.id and x.id not in ${idSet(ownAffiliations)})
          or exists (select 1 from participations x where x.organization_id = o.id and x.id not in ${idSet(ownParticipations)})
          or exists (select 1 from activity_partners x where x.organization_id = o.id)
          or exists (select 1 from interaction_organizations x where x.organization_id = o.id)
          or exists (select 1 from users x where x.organization_id = o.id)
          or exists (select 1 from partner_proposals x where x.organization_id = o.id)
          or exists (select 1 from partner_requests x where x.organization_id = o.id and x.status = 'approved')
          or exists (select 1 from organizations x where x.merged_into_id = o.id))
        limit 5`),
    );
    names.push(...rows.map((row) => row.name));
  }
  return names.slice(0, 5);
}

/** Puts back the values an update replaced, with the search columns that follow from them; the version moves on. */
async function restore(
  tx: Tx,
  entity: "person" | "organization",
  id: number,
  before: Record<string, unknown>,
) {
  if (entity === "person") {
    const [now] = await tx.select().from(people).where(eq(people.id, id));
    if (!now) return;
    const back = { ...now, ...before } as typeof now;
    await tx
      .update(people)
      .set({ ...before, ...personSearchColumns(back), version: now.version + 1, updatedAt: new Date() })
      .where(eq(people.id, id));
    return;
  }
  const [now] = await tx.select().from(organizations).where(eq(organizations.id, id));
  if (!now) return;
  const back = { ...now, ...before } as typeof now;
  await tx
    .update(organizations)
    .set({ ...before, ...organizationSearchColumns(back), version: now.version + 1, updatedAt: new Date() })
    .where(eq(organizations.id, id));
}

export async function undoImport(tx: Tx, importId: number, actor: Actor): Promise<UndoResult> {
  const [record] = await tx.select().from(imports).where(eq(imports.id, importId)).for("update");
  if (record?.status !== "done") return { ok: false, reason: "notDone" };
  const written = (
    await tx
      .select()
      .from(importRows)
      .where(
        and(
          eq(importRows.importId, importId),
          inArray(importRows.outcome, ["created", "updated", "possible_duplicate"]),
        ),
      )
  ).flatMap((row): Written[] => {
    if (!row.entityType || row.entityId === null) return [];
    const values = row.values as { version?: number; affiliations?: number[] } | null;
    // …and the consent answers it wrote for them, each with the answer before (none: a row it added).
    const consentsWritten = writtenConsentsOf(values).map(
      (answer): Written => ({
        entityType: "consent",
        entityId: answer.id,
        outcome: answer.before ? "updated" : "created",
        version: answer.version,
        before: answer.before,
      }),
    );
    // A person's line lists the affiliations the import made for them (each left at version 1).
    const affiliationsMade = (values?.affiliations ?? []).map(
      (id): Written => ({
        entityType: "affiliation",
        entityId: id,
        outcome: "created",
        version: 1,
        before: null,
      }),
    );
    const record: Written = {
      entityType: row.entityType as Entity,
      entityId: row.entityId,
      outcome: row.outcome,
      version: Number(values?.version ?? 1),
      before: row.before as Record<string, unknown> | null,
    };
    return [record, ...affiliationsMade, ...consentsWritten];
  });
  await lockWritten(tx, written);
  const changed = await changedSince(tx, written);
  if (changed.length > 0) return { ok: false, reason: "changedSince", names: changed };
  const used = await usedSince(tx, written);
  if (used.length > 0) return { ok: false, reason: "usedSince", names: used };

  const ids = (entity: Entity, outcome: "created" | "updated") =>
    written
      .filter(
        (w) =>
          w.entityType === entity &&
          (outcome === "updated" ? w.outcome === "updated" : w.outcome !== "updated"),
      )
      .map((w) => w.entityId);
  // Roster rows and affiliations first: they refer to the people and organisations removed after them.
  if (ids("participation", "created").length > 0) {
    await tx
      .delete(participations)
      .where(sql`${participations.id} in ${idSet(ids("participation", "created"))}`);
  }
  for (const w of written.filter((w) => w.entityType === "participation" && w.outcome === "updated")) {
    await tx
      .update(participations)
      .set({ ...(w.before ?? {}), version: sql`${participations.version} + 1`, updatedAt: new Date() })
      .where(eq(participations.id, w.entityId));
  }
  if (ids("consent", "created").length > 0) {
    await tx.delete(consents).where(sql`${consents.id} in ${idSet(ids("consent", "created"))}`);
  }
  for (const w of written.filter((w) => w.entityType === "consent" && w.outcome === "updated")) {
    await tx
      .update(consents)
      .set({ ...(w.before ?? {}), version: sql`${consents.version} + 1`, updatedAt: new Date() })
      .where(eq(consents.id, w.entityId));
  }
  if (ids("affiliation", "created").length > 0) {
    await tx.delete(affiliations).where(sql`${affiliations.id} in ${idSet(ids("affiliation", "created"))}`);
  }
  if (ids("person", "created").length > 0) {
    await tx.delete(people).where(sql`${people.id} in ${idSet(ids("person", "created"))}`);
  }
  if (ids("organization", "created").length > 0) {
    // A partner's request still undecided only named the organisation: it goes back to the name it was asked with.
    await tx
      .update(partnerRequests)
      .set({ organizationId: null, updatedAt: new Date() })
      .where(
        and(
          sql`${partnerRequests.organizationId} in ${idSet(ids("organization", "created"))}`,
          ne(partnerRequests.status, "approved"),
        ),
      );
    await tx
      .delete(organizations)
      .where(sql`${organizations.id} in ${idSet(ids("organization", "created"))}`);
  }
  const restored = written.filter(
    (w) =>
      w.outcome === "updated" &&
      (w.entityType === "person" || w.entityType === "organization") &&
      Object.keys(w.before ?? {}).length > 0,
  );
  for (const w of restored) {
    await restore(tx, w.entityType as "person" | "organization", w.entityId, w.before ?? {});
  }
  await tx
    .update(imports)
    .set({ status: "undone", undoneAt: new Date(), updatedAt: new Date() })
    .where(eq(imports.id, importId));
  await recordAudit(tx, { ...actor, action: "import.undo", entityType: "import", entityId: importId });
  return { ok: true };
}
