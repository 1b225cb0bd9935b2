/** The dashboard's figures: the size of the network and the next activities. */
import { and, asc, gte, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { readRecordCounts } from "../db/record-counts";
import { reusable } from "../db/reusable";
import { activities } from "../db/schema";

export type NetworkCounts = {
  organizations: number;
  people: number;
  activities: number;
  attended: number;
  contacts: number;
};

/** Kept by the database (`record-counts.ts`): counting a million participations on every view took 0.4 s. */
export async function countNetwork(db: Db): Promise<NetworkCounts> {
  const counts = await readRecordCounts(db);
  return {
    organizations: counts.organizations,
    people: counts.people,
    activities: counts.activities,
    attended: counts.attended,
    contacts: counts.interactions,
  };
}

export type UpcomingActivity = {
  id: number;
  title: string;
  kind: string;
  startDate: string;
  city: string | null;
};

const upcomingActivities = reusable((db) =>
  db
    .select({
      id: activities.id,
      title: activities.title,
      kind: activities.kind,
      startDate: activities.startDate,
      city: activities.city,
    })
    .from(activities)
    .where(and(gte(activities.startDate, sql.placeholder("today")), ne(activities.status, "cancelled")))
    .orderBy(asc(activities.startDate))
    .limit(sql.placeholder("limit"))
    .prepare("upcoming_activities"),
);

export async function listUpcomingActivities(db: Db, today: string, limit = 5): Promise<UpcomingActivity[]> {
  return upcomingActivities(db).execute({ today, limit });
}
