/**
 * A list exported and imported again changes nothing: generated people and organisations (names in every script,
 * lists, notes with quotes, commas and line breaks, a note that looks like a formula) are downloaded as CSV in each
 * language, and the file, imported as it came, finds every record unchanged.
 */

import { inArray } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affiliations, organizations, people } from "../../src/db/schema";
import { communitiesServed, genders, organizationKinds, stakeholderTypes } from "../../src/db/schema/enums";
import { organizationSearchColumns, personSearchColumns } from "../../src/directory/search-columns";
import { normalizePhone } from "../../src/text/phone";
import { type Client, createTestApp, type TestApp } from "../helpers/app";
import { importText } from "../imports/import-text";

let t: TestApp;
const managers: Record<string, Client> = {};
beforeAll(async () => {
  t = await createTestApp();
  for (const locale of ["en", "ru", "az"]) {
    const { client } = await t.loginAs("manager");
    await client.post("/locale", { locale });
    managers[locale] = client;
  }
});
afterAll(async () => {
  await t?.close();
});

const names = [
  "Elçin Məmmədov",
  "Нино Беридзе",
  "ნინო ბერიძე",
  "Անի Սարգսյան",
  "Aysel Quliyeva",
  "Jürgen Müller",
];
const words = ["Gəncə", "Тбилиси", "Bakı", "Şəki", "Ереван", "Kutaisi"];
const notes = ['Said "yes", then left', "two\nlines", "=1+2", "Ölkə; şəhər, kənd", ""];
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

let run = 0;
/** A tag of this run alone, so each export holds only the records the run made. */
const nextTag = () => `run${++run}`;

/**
 * Downloads the run's records (`tag`) as CSV in `locale`, imports the file as it came, and expects every record found
 * unchanged, in the counts and in the table.
 */
async function expectRoundTripChangesNothing(
  table: typeof people | typeof organizations,
  list: "people" | "organizations",
  ids: number[],
  tag: string,
  locale: string,
) {
  const stored = () => t.db.select().from(table).where(inArray(table.id, ids));
  const before = await stored();
  const response = await (managers[locale] as Client).get(`/${list}?tag=${tag}&format=csv`);
  expect(response.status).toBe(200);
  const imported = await importText(t.db, list, new TextDecoder().decode(await response.arrayBuffer()));
  expect(imported.counts).toMatchObject({ created: 0, updated: 0, rejected: 0, unchanged: ids.length });
  expect(await stored()).toEqual(before);
}

describe("export, then import the file as it came", () => {
  it("changes no person, in any language", async () => {
    const person = fc.record({
      name: fc.constantFrom(...names),
      phone: maybe(fc.integer({ min: 1_000_000, max: 9_999_999 })),
      gender: maybe(fc.constantFrom(...genders)),
      birthYear: maybe(fc.integer({ min: 1940, max: 2008 })),
      stakeholderType: fc.constantFrom(...stakeholderTypes),
      city: maybe(fc.constantFrom(...words)),
      country: maybe(fc.constantFrom("AZ", "GE", "AM", "DE")),
      languages: fc.uniqueArray(fc.constantFrom("az", "ru", "en", "ka"), { maxLength: 3 }),
      notes: fc.constantFrom(...notes),
      organization: maybe(fc.constantFrom(...words)),
      position: maybe(fc.constantFrom("Sədr", "Директор", "Volunteer")),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(person, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("en", "ru", "az"),
        async (generated, locale) => {
          const tag = nextTag();
          const madeOrganization = new Map<string, number>();
          const ids: number[] = [];
          for (const [index, p] of generated.entries()) {
            const email = `${tag}.${index}@round.trip`;
            const phone = p.phone === null ? null : normalizePhone(`+994 50 ${p.phone}`).value;
            const [row] = await t.db
              .insert(people)
              .values({
                fullName: p.name,
                email,
                phone,
                gender: p.gender,
                birthYear: p.birthYear,
                stakeholderType: p.stakeholderType,
                city: p.city,
                country: p.country,
                languages: p.languages,
                tags: [tag],
                notes: p.notes || null,
                ...personSearchColumns({ fullName: p.name, otherNames: [], email, phone }),
              })
              .returning({ id: people.id });
            ids.push(row?.id ?? 0);
            if (p.organization) {
              // One organisation per name, as in a directory (two of one name would be ambiguous to any import).
              const name = `${p.organization} ${tag}`;
              const [made] = madeOrganization.has(name)
                ? [{ id: madeOrganization.get(name) }]
                : await t.db
                    .insert(organizations)
                    .values({ name, ...organizationSearchColumns({ name }) })
                    .returning({ id: organizations.id });
              madeOrganization.set(name, made?.id ?? 0);
              await t.db.insert(affiliations).values({
                personId: row?.id ?? 0,
                organizationId: made?.id ?? 0,
                position: p.position,
                isPrimary: true,
              });
            }
          }
          await expectRoundTripChangesNothing(people, "people", ids, tag, locale);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("changes no organisation, in any language", async () => {
    const organization = fc.record({
      name: fc.constantFrom(...words),
      kind: fc.constantFrom(...organizationKinds),
      country: maybe(fc.constantFrom("AZ", "GE", "AM")),
      city: maybe(fc.constantFrom(...words)),
      address: maybe(fc.constantFrom("Nizami küç. 5, mənzil 2", "ул. Руставели, 12")),
      website: maybe(fc.constantFrom("https://ngo.example.az/", "https://example.ge/about")),
      sectors: fc.uniqueArray(fc.constantFrom("education", "legal aid", "youth"), { maxLength: 2 }),
      communities: fc.uniqueArray(fc.constantFrom(...communitiesServed), { maxLength: 3 }),
      notes: fc.constantFrom(...notes),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(organization, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("en", "ru", "az"),
        async (generated, locale) => {
          const tag = nextTag();
          const ids: number[] = [];
          for (const [index, o] of generated.entries()) {
            const name = `${o.name} ${tag} ${index}`;
            const [row] = await t.db
              .insert(organizations)
              .values({
                name,
                kind: o.kind,
                country: o.country,
                city: o.city,
                address: o.address,
                website: o.website,
                sectors: o.sectors,
                communitiesServed: o.communities,
                tags: [tag],
                description: o.notes || null,
                ...organizationSearchColumns({ name }),
              })
              .returning({ id: organizations.id });
            ids.push(row?.id ?? 0);
          }
          await expectRoundTripChangesNothing(organizations, "organizations", ids, tag, locale);
        },
      ),
      { numRuns: 15 },
    );
  });
});
