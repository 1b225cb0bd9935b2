/**
 * The generated network the heavy benches share (bench:reports, bench:load): 100,000 people, 5,000 organisations,
 * 20,000 activities (2010 to 2026) with their partners, and 1,000,000 participations, made by a few set-based
 * statements from a seeded random(), so every run makes the same data. PEOPLE, ORGANIZATIONS, ACTIVITIES and
 * PARTICIPATIONS change the sizes.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../src/db/client";
import {
  activityKinds,
  displacementStatuses,
  organizationKinds,
  partnerRoles,
  stakeholderTypes,
} from "../../src/db/schema/enums";

const peopleCount = Number(process.env.PEOPLE ?? 100_000);
const organizationCount = Number(process.env.ORGANIZATIONS ?? 5_000);
const activityCount = Number(process.env.ACTIVITIES ?? 20_000);
const participationCount = Number(process.env.PARTICIPATIONS ?? 1_000_000);

const communities = [
  "Azerbaijani",
  "Georgian",
  "Armenian",
  "Russian",
  "Lezgin",
  "Talysh",
  "Avar",
  "Kurdish",
  "Yazidi",
  "Greek",
  "Udi",
  "Meskhetian Turk",
];

/** `array['a', 'b', …]` of constant words (the schema's own vocabularies, never user input). */
const words = (values: readonly string[]) =>
  sql.raw(`array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ")}]::text[]`);

/** One of the values, evenly, by a number in [0, 1). */
const pick = (values: readonly string[], unit: SQL) =>
  sql`(${words(values)})[1 + floor(${unit} * ${values.length})::int]`;

/** Fills the database in a few set-based statements; random() is seeded, so every run makes the same data. */
export async function seedNetwork(db: Db): Promise<[string, number][]> {
  const timings: [string, number][] = [];
  const step = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    timings.push([label, performance.now() - started]);
  };
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.20261128)`);
    await step(`${organizationCount} organisations`, () =>
      tx.execute(sql`
        insert into organizations (name, kind, country, search_text, name_key)
        select 'Organisation ' || g, ${pick(organizationKinds, sql`random()`)},
               (array['AZ','AZ','AZ','GE','GE','AM','AM','TR','RU','DE'])[1 + floor(random() * 10)::int],
               'organisation ' || g, 'organisation ' || g
        from generate_series(1, ${organizationCount}) g`),
    );
    await step(`${peopleCount} people (+ primary affiliations for 80%)`, async () => {
      await tx.execute(sql`
        insert into people (full_name, gender, birth_year, stakeholder_type, country, community,
                            displacement_status, search_text, name_key)
        select 'Person ' || g,
               case when r1 < 0.48 then 'female' when r1 < 0.93 then 'male' when r1 < 0.95 then 'other' end,
               case when r2 < 0.85 then 1940 + floor(r2 / 0.85 * 69)::int end,
               ${pick(stakeholderTypes, sql`r3`)},
               case when r4 < 0.35 then 'AZ' when r4 < 0.55 then 'GE' when r4 < 0.75 then 'AM'
                    when r4 < 0.85 then 'TR' when r4 < 0.95 then 'RU' end,
               case when r5 < 0.6 then ${pick(communities, sql`(r5 / 0.6)`)} end,
               case when r6 < 0.7 then ${pick(displacementStatuses, sql`(r6 / 0.7)`)} end,
               'person ' || g, 'person ' || g
        from (
          select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
          from generate_series(1, ${peopleCount}) g
        ) s`);
      // 60% consented to taking part (src/consent), as the single consent of before had it.
      await tx.execute(sql`
        insert into consents (person_id, purpose, status, given_on, method)
        select id, 'participation', 'given', current_date, 'written' from people where random() < 0.6`);
      await tx.execute(sql`
        insert into affiliations (person_id, organization_id, kind, position, is_primary)
        select p.id, o.lo + (p.id * 7919) % o.n,
               case when r < 0.75 then 'staff' when r < 0.88 then 'member' when r < 0.93 then 'board'
                    when r < 0.97 then 'elected_official' else 'volunteer' end,
               'Coordinator', true
        from (select id, random() r from people) p
        cross join (select min(id) lo, count(*) n from organizations) o
        where p.id % 5 <> 0`);
    });
    await step("1 programme, 4 focus areas", async () => {
      await tx.execute(sql`
        insert into programmes (name, start_date, end_date, funders)
        values ('Dialogue and Participation', '2010-01-01', '2026-12-31', array['EU', 'SIDA'])`);
      await tx.execute(sql`
        insert into focus_areas (programme_id, name, position)
        select p.id, f.name, f.position
        from programmes p,
             unnest(array['Civic participation', 'Minority rights', 'Displacement', 'Local governance'])
               with ordinality f(name, position)`);
    });
    await step(`${activityCount} activities (+ ~2 partners each)`, async () => {
      await tx.execute(sql`
        insert into activities (programme_id, focus_area_id, title, kind, status, start_date, end_date, country, city)
        select p.id, f.lo + floor(random() * 4)::int, 'Activity ' || g, ${pick(activityKinds, sql`random()`)},
               case when random() < 0.03 then 'cancelled' else 'held' end,
               d.day, d.day + floor(random() * 3)::int,
               (array['AZ','AZ','AZ','GE','GE','AM','AM','TR'])[1 + floor(random() * 8)::int], 'City'
        from generate_series(1, ${activityCount}) g
        cross join (select min(id) id from programmes) p
        cross join (select min(id) lo from focus_areas) f
        cross join lateral (
          select date '2010-01-01' + floor(random() * (date '2026-11-01' - date '2010-01-01' + 1) + g * 0)::int as day
        ) d`);
      await tx.execute(sql`
        insert into activity_partners (activity_id, organization_id, role)
        select a.id, o.lo + (a.id * 37 + k * 1009) % o.n,
               case when k = 1 then 'lead' else ${pick(partnerRoles, sql`random()`)} end
        from activities a
        cross join (select min(id) lo, count(*) n from organizations) o
        cross join lateral generate_series(1, 1 + a.id % 3) k
        on conflict do nothing`);
    });
    await step(`${participationCount} participations`, () =>
      // Sizes 6 to 100 (about 53 on average), cut at the count. Within an activity the k-th participant is unique:
      // the first 20 come from a core of 20% of the people who come back often, the rest from the other 80%.
      tx.execute(sql`
        insert into participations (activity_id, person_id, role, status, organization_id, organization_name,
                                    stakeholder_type, pre_score, post_score)
        select x.activity_id, x.person_id,
               case when r1 < 0.88 then 'participant' when r1 < 0.92 then 'trainer' when r1 < 0.96 then 'speaker'
                    when r1 < 0.98 then 'organiser' when r1 < 0.99 then 'facilitator' else 'observer' end,
               case when r2 < 0.80 then 'attended' when r2 < 0.88 then 'no_show' when r2 < 0.95 then 'registered'
                    when r2 < 0.98 then 'invited' else 'cancelled' end,
               case when r3 < 0.85 then af.organization_id end,
               case when r3 < 0.85 then o.name end,
               case when r3 < 0.90 then pe.stakeholder_type end,
               case when x.kind = 'training' and r4 < 0.3 then 20 + floor(r5 * 60) end,
               case when x.kind = 'training' and r4 < 0.3 then least(100, 20 + floor(r5 * 60) + floor(r6 * 35) - 5) end
        from (
          select a.id activity_id, a.kind,
                 case when k <= 20 then pp.lo + (a.id * 7919 + k * 4729) % pp.core
                      else pp.lo + pp.core + (a.id * 7919 + k * 4729) % (pp.n - pp.core) end as person_id,
                 random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
          from activities a
          cross join (select min(id) lo, count(*) n, count(*) / 5 core from people) pp
          cross join lateral generate_series(1, 6 + (a.id * 2654435761) % 95) k
          order by a.id, k
          limit ${participationCount}
        ) x
        join people pe on pe.id = x.person_id
        left join affiliations af on af.person_id = x.person_id and af.is_primary
        left join organizations o on o.id = af.organization_id`),
    );
  });
  await step("vacuum analyze", () => db.execute(sql`vacuum analyze`));
  return timings;
}

/** One line on what the database holds, and the time each step of the generation took (none when reused). */
export async function describeNetwork(db: Db, timings: [string, number][] = []) {
  const [version] = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`));
  const [counts] = rowsOf<Record<string, string>>(
    await db.execute(sql`select
      (select count(*) from people) as people, (select count(*) from organizations) as organizations,
      (select count(*) from activities) as activities, (select count(*) from activity_partners) as partners,
      (select count(*) from participations) as participations,
      (select count(*) from participations where status = 'attended') as attended`),
  );
  console.log(
    `PostgreSQL ${version?.server_version}: ${counts?.people} people, ${counts?.organizations} organisations, ` +
      `${counts?.activities} activities with ${counts?.partners} partners, ${counts?.participations} participations ` +
      `(${counts?.attended} attended).`,
  );
  if (timings.length > 0) {
    const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(`Generated in ${(total / 1000).toFixed(1)} s:`);
  }
  for (const [label, ms] of timings) console.log(`  ${label}: ${(ms / 1000).toFixed(1)} s`);
}
