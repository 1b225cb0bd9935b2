/** What adding to a roster may create or look up besides the row: a new person (with their organisation), a snapshot. */
import { and, eq, isNull, sql } from "drizzle-orm";
import { addAffiliation, findOrganizationByName } from "../affiliations/queries";
import type { Actor } from "../auth/users";
import { type Db, rowsOf, type Tx } from "../db/client";
import { organizations, people } from "../db/schema";
import { createPerson } from "../people/queries";
import { personSchema } from "../people/validation";
import type { Participation, StakeholderType } from "./queries";

type NewPerson = {
  fullName: string;
  email?: string | null;
  stakeholderType?: StakeholderType;
  organizationId?: number | null;
};

/** Creates the person as the person form would (audited), with their organisation as their main affiliation. */
export async function addNewPerson(tx: Tx, person: NewPerson, actor: Actor): Promise<number> {
  const input = personSchema.parse({
    fullName: person.fullName,
    email: person.email ?? "",
    stakeholderType: person.stakeholderType ?? "other",
  });
  const personId = await createPerson(tx, input, false, actor);
  if (person.organizationId) {
    const affiliation = { organizationId: person.organizationId, position: null, kind: "staff" as const };
    await addAffiliation(
      tx,
      personId,
      { ...affiliation, startDate: null, endDate: null, isPrimary: true },
      actor,
    );
  }
  return personId;
}

/** The names, each once (the same name in another case or Unicode form is the same name), without blanks. */
export function distinctNames(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const clean = name.normalize("NFC").trim().slice(0, 200);
    if (clean !== "" && !seen.has(clean.toLowerCase())) seen.set(clean.toLowerCase(), clean);
  }
  return [...seen.values()];
}

/** The names nobody on the activity's roster has (so confirming a review twice does not create them twice). */
export async function namesNotOnRoster(tx: Tx, activityId: number, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  // Compared by PostgreSQL's lower() on both sides (JavaScript lower-cases İ differently).
  const free = rowsOf<{ name: string }>(
    await tx.execute(sql`
      select value as name from jsonb_array_elements_text(${JSON.stringify(names)}::jsonb)
      where not exists (
        select 1 from participations pa join people p on p.id = pa.person_id
        where pa.activity_id = ${activityId} and lower(p.full_name) = lower(value))`),
  );
  return free.map((row) => row.name);
}

/** Whether someone in the directory (not archived) already has the email. */
export async function emailInUse(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(sql`lower(${people.email}) = lower(${email})`, isNull(people.archivedAt)))
    .limit(1);
  return rows.length > 0;
}

/**
 * The organisation a row's edit form names, as the snapshot stores it: none when empty; the recorded one unchanged
 * when the form still shows it (even if renamed or archived since); otherwise an organisation of the directory by its
 * exact name. Undefined when no organisation has that name.
 */
export async function snapshotValues(
  db: Db,
  typed: string | null,
  row: Participation,
): Promise<{ organizationId: number | null; organizationName: string | null } | undefined> {
  if (typed === null) return { organizationId: null, organizationName: null };
  if (row.organizationName !== null && typed.toLowerCase() === row.organizationName.toLowerCase()) {
    return { organizationId: row.organizationId, organizationName: row.organizationName };
  }
  const organizationId = await findOrganizationByName(db, typed);
  if (organizationId === null) return undefined;
  const [found] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return { organizationId, organizationName: found?.name ?? typed };
}
