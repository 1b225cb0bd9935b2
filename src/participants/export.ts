/** Every roster row as CSV (one line per person per activity), for the CLI's export and the roster's download. */
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { activities, organizations, participations, people } from "../db/schema";
import type { Translator } from "../i18n";

export async function participationsCsv(db: Db, i18n: Translator, activityId?: number) {
  const { t } = i18n;
  const rows = await db
    .select({
      personId: people.id,
      activity: activities.title,
      startDate: activities.startDate,
      fullName: people.fullName,
      email: people.email,
      role: participations.role,
      status: participations.status,
      organization: sql<string | null>`coalesce(${participations.organizationName}, ${organizations.name})`,
      stakeholderType: participations.stakeholderType,
      preScore: participations.preScore,
      postScore: participations.postScore,
    })
    .from(participations)
    .innerJoin(activities, eq(activities.id, participations.activityId))
    .innerJoin(people, eq(people.id, participations.personId))
    .leftJoin(organizations, eq(organizations.id, participations.organizationId))
    .where(activityId === undefined ? undefined : eq(participations.activityId, activityId))
    .orderBy(asc(activities.startDate), asc(activities.id), sql`lower(${people.fullName})`);
  // One activity's roster is headed as the importer reads a sign-in sheet, so a filled-in copy imports as attendance;
  // every roster at once (the command line) says which activity each row is.
  const whole = activityId === undefined;
  return {
    entityType: "participation",
    fileName: `${t("participants.exportName")}.csv`,
    personIds: rows.map((row) => row.personId),
    headers: [
      ...(whole ? [t("activities.activity"), t("field.startDate")] : []),
      t("importField.full_name"),
      t("importField.email"),
      t("importField.role"),
      t("importField.status"),
      t("importField.organization"),
      t("importField.stakeholder_type"),
      t("participants.preScore"),
      t("participants.postScore"),
    ],
    rows: rows.map((row) => [
      ...(whole ? [row.activity, row.startDate] : []),
      row.fullName,
      row.email,
      t(`participationRole.${row.role}`),
      t(`participationStatus.${row.status}`),
      row.organization,
      row.stakeholderType ? t(`stakeholderType.${row.stakeholderType}`) : null,
      row.preScore,
      row.postScore,
    ]),
  };
}
