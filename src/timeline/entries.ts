/**
 * A record's timeline: affiliations, activities and contacts merged into one list, newest first.
 *
 * The merge is this pure function over the rows the record page's own queries return, not a SQL UNION ALL: those
 * queries already give typed rows (dates as dates, enums as enums) that one UNION would have to flatten to text and
 * parse back, and the order is tested here without a database. The contact log is the one source that can grow
 * without bound, so the route fetches at most `cap + 1` contacts; together with `cap` this makes the cut exact.
 */

import type { OrganizationPartnerRole, ParticipantsSent, PersonParticipation } from "../activities/queries";
import type { OrganizationMember, PersonAffiliation } from "../affiliations/queries";
import type { Contact } from "../interactions/queries";

/** One side of an affiliation seen from the record: the organisation on a person's timeline, the person on an organisation's. */
export type TimelineAffiliation = {
  href: string;
  name: string;
  position: string | null;
  kind: PersonAffiliation["kind"];
  startDate: string | null;
  endDate: string | null;
};

/** `day`: the calendar day it happened (YYYY-MM-DD; a contact's in the programme's time zone), what the list is ordered by. */
export type TimelineEntry = { day: string } & (
  | { type: "affiliationStart" | "affiliationEnd"; affiliation: TimelineAffiliation }
  | { type: "participation"; participation: PersonParticipation }
  | { type: "partner"; partner: OrganizationPartnerRole }
  | { type: "sent"; sent: ParticipantsSent }
  | { type: "contact"; contact: Contact }
);

export type TimelineSources = {
  affiliations?: TimelineAffiliation[];
  participations?: PersonParticipation[];
  partnerRoles?: OrganizationPartnerRole[];
  participantsSent?: ParticipantsSent[];
  contacts?: Contact[];
};

export type Timeline = { entries: TimelineEntry[]; capped: boolean };

export function personAffiliationsForTimeline(rows: PersonAffiliation[]): TimelineAffiliation[] {
  return rows.map((row) => ({
    ...row,
    href: `/organizations/${row.organizationId}`,
    name: row.organizationName,
  }));
}

export function organizationPeopleForTimeline(rows: OrganizationMember[]): TimelineAffiliation[] {
  return rows.map((row) => ({ ...row, href: `/people/${row.personId}`, name: row.personName }));
}

/** Newest first by day; within a day, contacts by their time, before the entries that have only a day. */
export function buildTimeline(
  sources: TimelineSources,
  options: { cap: number; timeZone: string },
): Timeline {
  const dayIn = new Intl.DateTimeFormat("en-CA", { timeZone: options.timeZone });
  const entries: TimelineEntry[] = [
    ...(sources.contacts ?? []).map((contact) => ({
      type: "contact" as const,
      day: dayIn.format(contact.occurredAt),
      contact,
    })),
    ...(sources.participations ?? []).map((participation) => ({
      type: "participation" as const,
      day: participation.startDate,
      participation,
    })),
    ...(sources.partnerRoles ?? []).map((partner) => ({
      type: "partner" as const,
      day: partner.startDate,
      partner,
    })),
    ...(sources.participantsSent ?? []).map((sent) => ({ type: "sent" as const, day: sent.startDate, sent })),
    ...(sources.affiliations ?? []).flatMap((affiliation) => [
      ...(affiliation.endDate
        ? [{ type: "affiliationEnd" as const, day: affiliation.endDate, affiliation }]
        : []),
      ...(affiliation.startDate
        ? [{ type: "affiliationStart" as const, day: affiliation.startDate, affiliation }]
        : []),
    ]),
  ];
  // Array.prototype.sort is stable: entries of one day without a time keep the order of the sources above.
  entries.sort((a, b) => compareDesc(a.day, b.day) || compareDesc(timeOf(a), timeOf(b)));
  return { entries: entries.slice(0, options.cap), capped: entries.length > options.cap };
}

function timeOf(entry: TimelineEntry): string {
  return entry.type === "contact" ? entry.contact.occurredAt.toISOString() : "";
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
