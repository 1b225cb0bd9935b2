/** Between a stored affiliation and its edit form: filling the form, and naming what changed in a conflict. */
import { changedMeanwhile } from "../directory/records";
import type { Translator } from "../i18n";
import type { FormValues } from "../web/form";
import type { AffiliationChange, AffiliationRecord } from "./queries";

export function affiliationFormValues(record: AffiliationRecord): FormValues {
  return {
    version: String(record.version),
    organization: record.organizationName,
    position: record.position ?? "",
    kind: record.kind,
    startDate: record.startDate ?? "",
    endDate: record.endDate ?? "",
    isPrimary: record.isPrimary ? "on" : "",
  };
}

type Shown = Omit<AffiliationChange, "organizationId"> & { organization: string };

function inWords(affiliation: Shown, i18n: Translator) {
  const { t } = i18n;
  return {
    ...affiliation,
    kind: t(`affiliationKind.${affiliation.kind}`),
    isPrimary: t(affiliation.isPrimary ? "directory.yes" : "directory.no"),
  };
}

/** The fields someone changed while this form was open, with their stored values, in words. */
export function affiliationConflict(
  current: AffiliationRecord,
  change: AffiliationChange,
  typedOrganization: string,
  i18n: Translator,
) {
  const { organizationId: _id, organizationName, version: _version, id: _, ...stored } = current;
  const { organizationId, ...submitted } = change;
  // The same organisation typed in another case is no change.
  const organization = organizationId === current.organizationId ? organizationName : typedOrganization;
  return changedMeanwhile(
    inWords({ ...stored, organization: organizationName }, i18n),
    inWords({ ...submitted, organization }, i18n),
    i18n,
  );
}
