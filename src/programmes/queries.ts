/** All SQL of programmes and their focus areas: lists with activity counts, one record, and the audited writes. */
import { and, asc, eq, ne, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import type { Actor } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { activities, focusAreas, programmes } from "../db/schema";
import { lockAtVersion, lockRow, type SaveResult } from "../db/versioned";
import type { FocusAreaInput, ProgrammeInput } from "./validation";

export type Programme = typeof programmes.$inferSelect;
export type FocusArea = typeof focusAreas.$inferSelect;

// Spelled out with table names: drizzle leaves them off columns when a query reads one table, which would make
// "id" inside the subquery mean the activity's own id.
const programmeActivities = sql<number>`(select count(*) from ${activities} a where a.programme_id = ${programmes}.id)::int`;
const focusAreaActivities = sql<number>`(select count(*) from ${activities} a where a.focus_area_id = ${focusAreas}.id)::int`;

/** Every programme, newest start first, with its focus areas' names and how many activities it has. */
export async function listProgrammes(db: Db) {
  const rows = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      startDate: programmes.startDate,
      endDate: programmes.endDate,
      funders: programmes.funders,
      activityCount: programmeActivities,
    })
    .from(programmes)
    .orderBy(sql`${programmes.startDate} desc nulls last`, asc(programmes.name));
  const areas = await db
    .select({ programmeId: focusAreas.programmeId, name: focusAreas.name })
    .from(focusAreas)
    .orderBy(asc(focusAreas.position), asc(focusAreas.id));
  return rows.map((row) => ({
    ...row,
    focusAreas: areas.filter((area) => area.programmeId === row.id).map((area) => area.name),
  }));
}

export type ProgrammeRow = Awaited<ReturnType<typeof listProgrammes>>[number];

export async function getProgramme(db: Db | Tx, id: number): Promise<Programme | undefined> {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, id));
  return row;
}

export async function countProgrammeActivities(db: Db, id: number): Promise<number> {
  return db.$count(activities, eq(activities.programmeId, id));
}

/** A programme's focus areas in their order, each with how many activities it has. */
export async function listFocusAreas(db: Db, programmeId: number) {
  return db
    .select({
      id: focusAreas.id,
      name: focusAreas.name,
      description: focusAreas.description,
      position: focusAreas.position,
      activityCount: focusAreaActivities,
    })
    .from(focusAreas)
    .where(eq(focusAreas.programmeId, programmeId))
    .orderBy(asc(focusAreas.position), asc(focusAreas.id));
}

export type FocusAreaRow = Awaited<ReturnType<typeof listFocusAreas>>[number];

/** The focus area, only when it belongs to this programme. */
export async function getFocusArea(
  db: Db | Tx,
  programmeId: number,
  id: number,
): Promise<FocusArea | undefined> {
  const [row] = await db
    .select()
    .from(focusAreas)
    .where(and(eq(focusAreas.id, id), eq(focusAreas.programmeId, programmeId)));
  return row;
}

/** The fields a person edits, for the audit log and the conflict message. */
export function editableFields(record: Programme | ProgrammeInput): ProgrammeInput {
  const { name, description, startDate, endDate, funders } = record;
  return { name, description, startDate, endDate, funders };
}

/** Names differ only in case are the same name to a reader, so they are refused too. */
function sameName(column: typeof programmes.name | typeof focusAreas.name, name: string): SQL {
  return sql`lower(${column}) = lower(${name})`;
}

/** Runs a write; a unique name taken meanwhile (a race past the check) is "duplicate", not a crash. */
export async function unlessDuplicate<T>(work: () => Promise<T>): Promise<T | "duplicate"> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

async function programmeNameTaken(tx: Tx, name: string, exceptId?: number): Promise<boolean> {
  const others = exceptId === undefined ? undefined : ne(programmes.id, exceptId);
  return (await tx.$count(programmes, and(sameName(programmes.name, name), others))) > 0;
}

export async function createProgramme(
  tx: Tx,
  input: ProgrammeInput,
  actor: Actor,
): Promise<number | "duplicate"> {
  if (await programmeNameTaken(tx, input.name)) return "duplicate";
  const [row] = await tx
    .insert(programmes)
    .values({ ...input, createdBy: actor.userId, updatedBy: actor.userId })
    .returning({ id: programmes.id });
  const id = row?.id as number;
  await recordAudit(tx, {
    ...actor,
    action: "programme.create",
    entityType: "programme",
    entityId: id,
    after: input,
  });
  return id;
}

export type ProgrammeSaveResult = SaveResult<Programme> | { saved: false; duplicate: true };

/** Saves only if nobody saved since `version` was read; otherwise returns what is stored now. */
export async function updateProgramme(
  tx: Tx,
  id: number,
  version: number,
  input: ProgrammeInput,
  actor: Actor,
): Promise<ProgrammeSaveResult> {
  const locked = await lockAtVersion(tx, programmes, id, version);
  if (!("before" in locked)) return locked;
  const { before } = locked;
  if (await programmeNameTaken(tx, input.name, id)) return { saved: false, duplicate: true };
  await tx
    .update(programmes)
    .set({ ...input, version: version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(programmes.id, id));
  await recordAudit(tx, {
    ...actor,
    action: "programme.update",
    entityType: "programme",
    entityId: id,
    before: editableFields(before),
    after: input,
  });
  return { saved: true };
}

async function focusAreaNameTaken(tx: Tx, programmeId: number, name: string, exceptId?: number) {
  const others = exceptId === undefined ? undefined : ne(focusAreas.id, exceptId);
  const condition = and(eq(focusAreas.programmeId, programmeId), sameName(focusAreas.name, name), others);
  return (await tx.$count(focusAreas, condition)) > 0;
}

/** Adds a focus area after the programme's last one. */
export async function addFocusArea(
  tx: Tx,
  programmeId: number,
  input: FocusAreaInput,
  actor: Actor,
): Promise<number | "duplicate"> {
  if (await focusAreaNameTaken(tx, programmeId, input.name)) return "duplicate";
  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${focusAreas.position}), 0)::int` })
    .from(focusAreas)
    .where(eq(focusAreas.programmeId, programmeId));
  const [row] = await tx
    .insert(focusAreas)
    .values({ ...input, programmeId, position: (last?.position ?? 0) + 1 })
    .returning({ id: focusAreas.id });
  const id = row?.id as number;
  const after = { programmeId, ...input };
  await recordAudit(tx, {
    ...actor,
    action: "focus_area.create",
    entityType: "focus_area",
    entityId: id,
    after,
  });
  return id;
}

/**
 * Renames or describes a focus area. It has no version, so the last save stays; the row is locked and read again
 * here so the history's "before" is what this save replaced, even when another save went in since the page was read.
 */
export async function updateFocusArea(
  tx: Tx,
  area: FocusArea,
  input: FocusAreaInput,
  actor: Actor,
): Promise<"saved" | "duplicate" | "missing"> {
  const before = await lockRow(tx, focusAreas, area.id);
  if (!before) return "missing";
  if (await focusAreaNameTaken(tx, area.programmeId, input.name, area.id)) return "duplicate";
  await tx
    .update(focusAreas)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(focusAreas.id, area.id));
  await recordAudit(tx, {
    ...actor,
    action: "focus_area.update",
    entityType: "focus_area",
    entityId: area.id,
    before: { name: before.name, description: before.description },
    after: input,
  });
  return "saved";
}

/** Removes a focus area no activity uses; otherwise removes nothing and says how many use it. */
export async function removeFocusArea(
  tx: Tx,
  area: FocusArea,
  actor: Actor,
): Promise<{ removed: true } | { removed: false; activityCount: number }> {
  // Locks the row, so an activity cannot be given this focus area between the count and the delete.
  await tx.select({ id: focusAreas.id }).from(focusAreas).where(eq(focusAreas.id, area.id)).for("update");
  const activityCount = await tx.$count(activities, eq(activities.focusAreaId, area.id));
  if (activityCount > 0) return { removed: false, activityCount };
  await tx.delete(focusAreas).where(eq(focusAreas.id, area.id));
  await recordAudit(tx, {
    ...actor,
    action: "focus_area.delete",
    entityType: "focus_area",
    entityId: area.id,
    before: { programmeId: area.programmeId, name: area.name, description: area.description },
  });
  return { removed: true };
}
