/** An organisation's page with everything on it (facts, people, joint activities, participants sent, contacts). */
import type { Context } from "hono";
import { listOrganizationPartnerRoles, listParticipantsSent } from "../activities/queries";
import { JointActivities, ParticipantsSentTable } from "../activities/views";
import { listOrganizationPeople } from "../affiliations/queries";
import { OrganizationPeople } from "../affiliations/views";
import { listOrganizationContacts } from "../interactions/queries";
import { ContactLogSection, contactsShown } from "../interactions/views";
import { recordMerge } from "../merge/history";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import type { Organization } from "./queries";
import { OrganizationPage } from "./views/detail";

export async function renderOrganizationPage(c: Context<AppEnv>, organization: Organization) {
  const { db, i18n } = c.var;
  const [members, partnerRoles, participantsSent, contacts] = await Promise.all([
    listOrganizationPeople(db, organization.id),
    listOrganizationPartnerRoles(db, organization.id),
    listParticipantsSent(db, organization.id),
    listOrganizationContacts(db, organization.id, contactsShown),
  ]);
  const page = (
    <OrganizationPage
      i18n={i18n}
      organization={organization}
      merge={await recordMerge(c, "organization", organization)}
    >
      <OrganizationPeople i18n={i18n} members={members} />
      <JointActivities i18n={i18n} rows={partnerRoles} />
      <ParticipantsSentTable i18n={i18n} rows={participantsSent} />
      <ContactLogSection
        i18n={i18n}
        log={contacts}
        timelineHref={`/organizations/${organization.id}/timeline`}
      />
    </OrganizationPage>
  );
  return render(c, { title: organization.name }, page);
}
