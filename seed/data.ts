/** Reads and checks the demo network's JSON files, so a typo in the data fails with its path, not halfway through a load. */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import {
  activityKinds,
  activityStatuses,
  affiliationKinds,
  communitiesServed,
  consentMethods,
  consentPurposes,
  displacementStatuses,
  genders,
  interactionKinds,
  organizationKinds,
  participationRoles,
  participationStatuses,
  partnerRoles,
  recordedConsentStatuses,
  stakeholderTypes,
} from "../src/db/schema/enums";
import { projectPath } from "../src/paths";

const key = z.string().regex(/^[a-z0-9-]+$/);
const day = z.iso.date();
const country = z.string().regex(/^[A-Z]{2}$/);
const text = z.string().min(1);

const organization = z.object({
  key,
  name: text,
  kind: z.enum(organizationKinds),
  country,
  city: text,
  address: text.optional(),
  website: z.url().optional(),
  email: z.email().optional(),
  phone: z.e164().optional(),
  sectors: z.array(text),
  communitiesServed: z.array(z.enum(communitiesServed)),
  description: text.optional(),
  tags: z.array(text),
});

const affiliation = z.object({
  org: key,
  position: text.nullable(),
  kind: z.enum(affiliationKinds),
  startDate: day.nullable(),
  endDate: day.nullable(),
  isPrimary: z.boolean(),
});

const consent = z.object({
  purpose: z.enum(consentPurposes),
  status: z.enum(recordedConsentStatuses),
  givenOn: day.nullable(),
  method: z.enum(consentMethods).nullable(),
  note: text.nullable(),
});

const person = z.object({
  key,
  fullName: text,
  otherNames: z.array(text),
  gender: z.enum(genders).nullable(),
  birthYear: z.number().int().min(1900).max(2100).nullable(),
  stakeholderType: z.enum(stakeholderTypes),
  email: z.email().nullable(),
  phone: z.e164().nullable(),
  city: text.nullable(),
  country: country.nullable(),
  languages: z.array(z.string().regex(/^[a-z]{2}$/)),
  tags: z.array(text),
  notes: text.nullable(),
  community: text.nullable(),
  displacementStatus: z.enum(displacementStatuses).nullable(),
  /** One answer per purpose at most (src/consent); a purpose not listed is not recorded. */
  consents: z
    .array(consent)
    .refine(
      (list) => new Set(list.map((item) => item.purpose)).size === list.length,
      "one answer per purpose",
    ),
  affiliations: z.array(affiliation),
});

const programme = z.object({
  name: text,
  description: text,
  startDate: day,
  endDate: day.nullable(),
  funders: z.array(text),
  focusAreas: z.array(z.object({ key, name: text, description: text })),
});

const participant = z.object({
  person: key,
  role: z.enum(participationRoles),
  status: z.enum(participationStatuses),
  organization: key.nullable(),
  organizationName: text.nullable(),
  stakeholderType: z.enum(stakeholderTypes),
  preScore: z.number().min(0).max(100).optional(),
  postScore: z.number().min(0).max(100).optional(),
});

const activity = z.object({
  key,
  focusArea: key,
  title: text,
  kind: z.enum(activityKinds),
  status: z.enum(activityStatuses),
  startDate: day,
  endDate: day,
  country: country.nullable(),
  city: text.nullable(),
  venue: text.nullable(),
  targetGroups: z.array(text),
  description: text,
  outcomes: text.nullable(),
  partners: z.array(z.object({ organization: key, role: z.enum(partnerRoles), contribution: text })),
  participants: z.array(participant),
});

const interaction = z.object({
  key,
  occurredAt: z.iso.datetime({ offset: true }),
  kind: z.enum(interactionKinds),
  subject: text,
  notes: text.nullable(),
  activity: key.nullable(),
  people: z.array(key),
  organizations: z.array(key),
  followUp: z
    .object({ due: day, note: text, doneAt: z.iso.datetime({ offset: true }).nullable() })
    .nullable(),
});

export type DemoNetwork = {
  organizations: z.infer<typeof organization>[];
  people: z.infer<typeof person>[];
  programme: z.infer<typeof programme>;
  activities: z.infer<typeof activity>[];
  interactions: z.infer<typeof interaction>[];
};

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const raw: unknown = JSON.parse(await readFile(projectPath("seed", "network", file), "utf8"));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`seed/network/${file}: ${issue?.path.join(".")} ${issue?.message}`);
  }
  return parsed.data;
}

export async function readDemoNetwork(): Promise<DemoNetwork> {
  const [organizations, people, programmeData, activities, interactions] = await Promise.all([
    readJson("organizations.json", z.array(organization)),
    readJson("people.json", z.array(person)),
    readJson("programme.json", programme),
    readJson("activities.json", z.array(activity)),
    readJson("interactions.json", z.array(interaction)),
  ]);
  return { organizations, people, programme: programmeData, activities, interactions };
}
