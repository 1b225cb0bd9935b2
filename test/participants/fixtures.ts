/** What the roster tests share: people as the person form stores them, numbered activities, and the rows of a roster. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import { type activities, participations, type people } from "../../src/db/schema";
import { personSearchColumns } from "../../src/directory/search-columns";
import { insertActivity, insertPerson } from "../helpers/records";

export const roster = (activityId: number) => `/activities/${activityId}/participants`;

/** `db` is read when called: the test file opens its database in beforeAll. */
export function rosterFixtures(db: () => Db, title: string, startDate: string) {
  let counter = 0;
  const rowOf = async (activityId: number, personId: number) => {
    const [row] = await db()
      .select()
      .from(participations)
      .where(and(eq(participations.activityId, activityId), eq(participations.personId, personId)));
    return row;
  };
  return {
    /** A person with the search columns, so search and name matching find them. */
    person(fullName: string, extra: Partial<typeof people.$inferInsert> = {}): Promise<number> {
      const email = extra.email ?? null;
      const otherNames = extra.otherNames ?? [];
      return insertPerson(db(), {
        fullName,
        ...extra,
        ...personSearchColumns({ fullName, otherNames, email, phone: null }),
      });
    },
    activity(values: Partial<typeof activities.$inferInsert> = {}): Promise<number> {
      counter += 1;
      return insertActivity(db(), { title: `${title} ${counter}`, startDate, ...values });
    },
    rowsOf: (activityId: number) =>
      db().select().from(participations).where(eq(participations.activityId, activityId)),
    rowOf,
    async rowIdOf(activityId: number, personId: number): Promise<number> {
      const row = await rowOf(activityId, personId);
      if (!row) throw new Error(`person ${personId} is not on the roster of ${activityId}`);
      return row.id;
    },
  };
}
