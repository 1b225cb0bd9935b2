/**
 * How long the directory's texts may be, in one place: the forms' schemas (people, organisations, affiliations) and
 * the importer read these, so a line an import accepts is one the form would accept.
 */
export const limits = {
  personName: 200,
  organizationName: 300,
  position: 200,
  city: 120,
  address: 500,
  phone: 60,
  notes: 5000,
  community: 120,
  consentNote: 1000,
  otherNames: { items: 10, length: 200 },
  languages: { items: 20, length: 40 },
  /** Tags, an organisation's sectors: the default of `textList`. */
  list: { items: 50, length: 100 },
} as const;
