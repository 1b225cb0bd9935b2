/** What the report filter bar offers: programmes with their focus areas, and the organisations that were partners. */
import { asc, eq, min } from "drizzle-orm";
import { listProgrammeChoices } from "../activities/queries";
import type { Db } from "../db/client";
import { activities, activityPartners, organizations, programmes } from "../db/schema";
import type { ReportChoices } from "./views";

export async function reportChoices(db: Db): Promise<ReportChoices> {
  const [programmeChoices, partners] = await Promise.all([
    listProgrammeChoices(db),
    db
      .selectDistinct({ id: organizations.id, name: organizations.name })
      .from(activityPartners)
      .innerJoin(organizations, eq(organizations.id, activityPartners.organizationId))
      .orderBy(asc(organizations.name), asc(organizations.id)),
  ]);
  return { programmes: programmeChoices, partners };
}

/**
 * The dates of the "programme's whole duration" range: the chosen programme's own, or with none chosen (or a
 * programme without dates) from the first activity on record.
 */
export async function programmeDates(db: Db, id: number | undefined) {
  const [first] = await db.select({ date: min(activities.startDate) }).from(activities);
  if (!id) return { startDate: first?.date ?? null, endDate: null };
  const [row] = await db
    .select({ startDate: programmes.startDate, endDate: programmes.endDate })
    .from(programmes)
    .where(eq(programmes.id, id));
  return row && { startDate: row.startDate ?? first?.date ?? null, endDate: row.endDate };
}
