/** Organisation kinds of the programme and EU size classes (Recommendation 2003/361/EC). */

export const ORGANISATION_KINDS = ['sme', 'business-support', 'public-body', 'ngo', 'research-education', 'cluster'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_NAMES: Record<OrganisationKind, string> = {
  sme: 'Small or medium-sized enterprise',
  'business-support': 'Business support organisation (chamber, development agency)',
  'public-body': 'Public body',
  ngo: 'Non-governmental organisation',
  'research-education': 'Research or education institution (university, institute, high school)',
  cluster: 'Cluster',
};

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export function isOrganisationKind(value: unknown): value is OrganisationKind {
  return typeof value === 'string' && (ORGANISATION_KINDS as readonly string[]).includes(value);
}

export function isSizeClass(value: unknown): value is SizeClass {
  return typeof value === 'string' && (SIZE_CLASSES as readonly string[]).includes(value);
}
