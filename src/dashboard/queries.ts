/** The dashboard's figures: the size of the network and the next activities. */
import { and, asc, eq, gte, isNull, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { activities, interactions, organizations, participations, people } from "../db/schema";

export type NetworkCounts = {
  organizations: number;
  people: number;
  activities: number;
  attended: number;
  contacts: number;
};

export async function countNetwork(db: Db): Promise<NetworkCounts> {
  const [organizationCount, peopleCount, activityCount, attended, contacts] = await Promise.all([
    db.$count(organizations, isNull(organizations.archivedAt)),
    db.$count(people, isNull(people.archivedAt)),
    db.$count(activities, ne(activities.status, "cancelled")),
    db.$count(participations, eq(participations.status, "attended")),
    db.$count(interactions),
  ]);
  return {
    organizations: organizationCount,
    people: peopleCount,
    activities: activityCount,
    attended,
    contacts,
  };
}

export type UpcomingActivity = {
  id: number;
  title: string;
  kind: string;
  startDate: string;
  city: string | null;
};

export async function listUpcomingActivities(db: Db, today: string, limit = 5): Promise<UpcomingActivity[]> {
  return db
    .select({
      id: activities.id,
      title: activities.title,
      kind: activities.kind,
      startDate: activities.startDate,
      city: activities.city,
    })
    .from(activities)
    .where(and(gte(activities.startDate, today), ne(activities.status, "cancelled")))
    .orderBy(asc(activities.startDate))
    .limit(limit);
}
