/** GET /people/:id/timeline and /organizations/:id/timeline: the record's affiliations, activities and contacts in one list. */
import { type Context, Hono } from "hono";
import {
  listOrganizationPartnerRoles,
  listParticipantsSent,
  listPersonParticipations,
} from "../activities/queries";
import { listOrganizationPeople, listPersonAffiliations } from "../affiliations/queries";
import { need } from "../auth/middleware";
import { recordId } from "../directory/fields";
import { listOrganizationContacts, listPersonContacts } from "../interactions/queries";
import { getOrganization } from "../organizations/queries";
import { getPerson } from "../people/queries";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { render } from "../web/render";
import {
  buildTimeline,
  organizationPeopleForTimeline,
  personAffiliationsForTimeline,
  type TimelineSources,
} from "./entries";
import { TimelinePage } from "./views";

export const timelineRoutes = new Hono<AppEnv>();
const view = need("directory:view");
/** Enough to read back a few years of a busy record; the page says when older entries are left out. */
export const timelineCap = 200;

function idFromPath(c: Context<AppEnv>): number | undefined {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? id.data : undefined;
}

function renderTimeline(c: Context<AppEnv>, name: string, back: string, sources: TimelineSources) {
  const timeline = buildTimeline(sources, { cap: timelineCap, timeZone: c.get("config").timeZone });
  const page = (
    <TimelinePage i18n={c.get("i18n")} name={name} back={back} timeline={timeline} cap={timelineCap} />
  );
  return render(c, { title: c.get("i18n").t("timeline.title", { name }) }, page);
}

timelineRoutes.get("/people/:id/timeline", view, async (c) => {
  const id = idFromPath(c);
  const person = id === undefined ? undefined : await getPerson(c.get("db"), id);
  if (!person) return renderErrorPage(c, 404);
  const [affiliations, participations, contacts] = await Promise.all([
    listPersonAffiliations(c.get("db"), person.id),
    listPersonParticipations(c.get("db"), person.id),
    listPersonContacts(c.get("db"), person.id, timelineCap + 1),
  ]);
  return renderTimeline(c, person.fullName, `/people/${person.id}`, {
    affiliations: personAffiliationsForTimeline(affiliations),
    participations,
    contacts: contacts.rows,
  });
});

timelineRoutes.get("/organizations/:id/timeline", view, async (c) => {
  const id = idFromPath(c);
  const organization = id === undefined ? undefined : await getOrganization(c.get("db"), id);
  if (!organization) return renderErrorPage(c, 404);
  const [people, partnerRoles, participantsSent, contacts] = await Promise.all([
    listOrganizationPeople(c.get("db"), organization.id),
    listOrganizationPartnerRoles(c.get("db"), organization.id),
    listParticipantsSent(c.get("db"), organization.id),
    listOrganizationContacts(c.get("db"), organization.id, timelineCap + 1),
  ]);
  return renderTimeline(c, organization.name, `/organizations/${organization.id}`, {
    affiliations: organizationPeopleForTimeline(people),
    partnerRoles,
    participantsSent,
    contacts: contacts.rows,
  });
});
