/**
 * Finding the people to add to a roster: a typeahead search, the lines of a pasted list (an email, or a name in any
 * script), everyone with a tag, everyone currently at an organisation. Each candidate comes with what tells namesakes
 * apart (email, current organisation) and their row if they are already on the roster.
 */
import { and, arrayContains, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { isCurrentAffiliation } from "../affiliations/queries";
import type { Db } from "../db/client";
import { affiliations, organizations, participations, people } from "../db/schema";
import { matchSearchText } from "../directory/search";
import { nameKey } from "../text/name-key";

/** At most this many people come from a tag or an organisation at once (also in `participants.groupTooLarge`). */
export const maxGroupSize = 1000;

function selectCandidates(db: Db, activityId: number, where: SQL | undefined) {
  return db
    .select({
      id: people.id,
      name: people.fullName,
      email: people.email,
      organization: sql<string | null>`(
        select ${organizations.name} from ${affiliations}
        join ${organizations} on ${organizations.id} = ${affiliations.organizationId}
        where ${affiliations.personId} = ${people.id} and ${isCurrentAffiliation}
        order by ${affiliations.isPrimary} desc, ${affiliations.id} desc limit 1)`,
      participationId: participations.id,
    })
    .from(people)
    .leftJoin(
      participations,
      and(eq(participations.personId, people.id), eq(participations.activityId, activityId)),
    )
    .where(and(where, isNull(people.archivedAt)))
    .$dynamic();
}

export type Candidate = Awaited<ReturnType<ReturnType<typeof selectCandidates>["execute"]>>[number];

/** Up to ten people a typed name, email or phone finds (any script, close spellings), best first. */
export async function findPeopleForRoster(db: Db, activityId: number, query: string): Promise<Candidate[]> {
  const match = matchSearchText(people, query);
  if (!match) return [];
  return selectCandidates(db, activityId, match.where)
    .orderBy(sql`${match.rank} desc`, asc(people.fullName))
    .limit(10);
}

/** What one line of a pasted list found: one person, several to choose from (or only close spellings), or no one. */
export type LineMatch = { line: string } & (
  | { found: Candidate }
  | { choices: Candidate[] }
  | { unknown: true; email: boolean }
);

const emailPattern = /[^\s<>,;"']+@[^\s<>,;"']+\.[^\s<>,;"']+/;

/**
 * An email in the line finds whoever has it. Otherwise the name: the same name or one of a person's other names (any
 * case) is a match; a name only alike (another script, a close spelling) is offered to choose, never taken as found.
 */
export async function matchLine(db: Db, activityId: number, line: string): Promise<LineMatch> {
  const email = line.match(emailPattern)?.[0];
  if (email) {
    const rows = await selectCandidates(db, activityId, sql`lower(${people.email}) = lower(${email})`).limit(
      6,
    );
    return pick(line, rows, true);
  }
  // Lower-cased by PostgreSQL on both sides: JavaScript and PostgreSQL disagree on some letters (İ).
  const same = await selectCandidates(
    db,
    activityId,
    sql`(lower(${people.fullName}) = lower(${line}) or exists (select 1 from unnest(${people.otherNames}) other where lower(other) = lower(${line})))`,
  )
    .orderBy(asc(people.id))
    .limit(6);
  if (same.length > 0) return pick(line, same, false);
  const key = nameKey(line);
  const search = matchSearchText(people, line);
  const alike = await selectCandidates(
    db,
    activityId,
    sql`(${key !== "" ? sql`${people.nameKey} = ${key}` : sql`false`} or ${search?.where ?? sql`false`})`,
  )
    .orderBy(search ? sql`${search.rank} desc` : asc(people.id), asc(people.id))
    .limit(5);
  return alike.length > 0 ? { line, choices: alike } : { line, unknown: true, email: false };
}

function pick(line: string, rows: Candidate[], email: boolean): LineMatch {
  const [first] = rows;
  if (!first) return { line, unknown: true, email };
  return rows.length === 1 ? { line, found: first } : { line, choices: rows };
}

/** Each line in turn (a pasted list is at most a few hundred lines; each lookup is indexed). */
export async function matchLines(db: Db, activityId: number, lines: string[]): Promise<LineMatch[]> {
  const matches: LineMatch[] = [];
  for (const line of lines) matches.push(await matchLine(db, activityId, line));
  return matches;
}

/** Everyone with the tag (as the lists' tag filter reads it), by name; one more than the limit tells it was reached. */
export async function peopleWithTag(db: Db, activityId: number, tag: string): Promise<Candidate[]> {
  return selectCandidates(db, activityId, arrayContains(people.tags, [tag]))
    .orderBy(sql`lower(${people.fullName})`, asc(people.id))
    .limit(maxGroupSize + 1);
}

/** Everyone with a current affiliation to the organisation, by name. */
export async function peopleAtOrganization(
  db: Db,
  activityId: number,
  organizationId: number,
): Promise<Candidate[]> {
  return selectCandidates(
    db,
    activityId,
    sql`exists (select 1 from ${affiliations} where ${affiliations.personId} = ${people.id}
      and ${affiliations.organizationId} = ${organizationId} and ${isCurrentAffiliation})`,
  )
    .orderBy(sql`lower(${people.fullName})`, asc(people.id))
    .limit(maxGroupSize + 1);
}
