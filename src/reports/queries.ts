/** What the report filter bar offers: programmes with their focus areas, and the organisations that were partners. */
import { asc, count, desc, eq, min } from "drizzle-orm";
import { listProgrammeChoices } from "../activities/queries";
import type { Db } from "../db/client";
import { activities, activityPartners, organizations, programmes } from "../db/schema";
import type { ReportChoices } from "./views";

/** Partners offered in the filter bar at most: the most engaged; any other stays reachable by its link. */
export const partnerChoices = 300;

/**
 * Programmes with their focus areas, and the partners most often in joint activities (with the chosen one, if it
 * is not among them), by name: a network of thousands of partners would otherwise put every one in every page.
 */
export async function reportChoices(db: Db, chosenPartner?: number): Promise<ReportChoices> {
  const [programmeChoices, engaged] = await Promise.all([
    listProgrammeChoices(db),
    db
      .select({ id: organizations.id, name: organizations.name })
      .from(activityPartners)
      .innerJoin(organizations, eq(organizations.id, activityPartners.organizationId))
      .groupBy(organizations.id)
      .orderBy(desc(count()), asc(organizations.id))
      .limit(partnerChoices),
  ]);
  const partners = [...engaged];
  if (chosenPartner && !partners.some((partner) => partner.id === chosenPartner)) {
    const [chosen] = await db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, chosenPartner));
    if (chosen) partners.push(chosen);
  }
  partners.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
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
