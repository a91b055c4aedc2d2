import { validRomanianCuis, validSerbianPibs } from '@banat/testing';
import type { CertificationPlatform } from './certification-test-platform';

/** Steps of a Made in Banat file over HTTP, as the secretariat, experts and reviewer would take them. */
export const CRITERIA = ['competitiveness', 'new-technologies', 'human-resources', 'organisational-management', 'production-efficiency', 'environmental-technologies', 'waste-management'];
export const scores = (score: number, except: Record<string, number> = {}) =>
  CRITERIA.map((criterionId) => ({ criterionId, score: except[criterionId] ?? score, justification: `site visit notes on ${criterionId}` }));
export const allEvidence = [
  { kind: 'product-description', ref: 'doc-1' },
  { kind: 'raw-material-origin', ref: 'doc-2' },
  { kind: 'financial-statement', ref: 'doc-3' },
];

const used = { RO: 0, RS: 0 };

/** Registers an organisation through the registry service; legal ids must be unique, so each call uses a fresh valid one. */
export async function registerOrganisation(p: CertificationPlatform, country: 'RO' | 'RS' = 'RO'): Promise<string> {
  // Valid check digits (RO CUI, RS PIB), each usable once per registry.
  const ids = { RO: ['RO18547290', '18547303', '18547311', '18547320', '18547338', '18547346', '18547354', '18547362', '18547370', '18547389'], RS: ['101134702', '101134719', '101134727', '101134735'] };
  const value = ids[country][used[country]++];
  if (!value) throw new Error(`no unused ${country} legal id left for the test`);
  const res = await p.post('/organisations', {
    kind: 'sme',
    name: { en: `Banat producer ${country} ${used[country]}` },
    country,
    region: country === 'RO' ? 'RO-TM' : 'RS-02',
    legalId: { kind: country === 'RO' ? 'RO-CUI' : 'RS-PIB', value },
  }, p.as('sec-registry', 'secretariat'));
  if (res.status !== 201) throw new Error(`registry refused the organisation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export const secretariat = (p: CertificationPlatform) => p.as('sec-ana', 'secretariat');

const expertOrganisationsOf = new WeakMap<object, Promise<{ ro: string; rs: string }>>();

/**
 * The registry ids of the organisations the two experts of `fileUnderAssessment` work for (a university in each country):
 * registered once per platform with legal ids of their own (none of `registerOrganisation`'s), kind research-education.
 * A registry that already holds one (another platform object on the same servers) answers 409 with its id.
 */
export function expertOrganisations(p: CertificationPlatform): Promise<{ ro: string; rs: string }> {
  let known = expertOrganisationsOf.get(p);
  if (!known) {
    const register = async (country: 'RO' | 'RS', name: string, legalId: { kind: 'RO-CUI' | 'RS-PIB'; value: string }): Promise<string> => {
      const res = await p.post('/organisations', { kind: 'research-education', name: { en: name }, country, region: country === 'RO' ? 'RO-TM' : 'RS-02', legalId }, p.as('sec-registry', 'secretariat'));
      if (res.status === 201) return res.body.id;
      if (res.status === 409 && typeof res.body?.details?.existingId === 'string') return res.body.details.existingId;
      throw new Error(`registry refused the expert's organisation: ${res.status} ${JSON.stringify(res.body)}`);
    };
    known = (async () => ({
      ro: await register('RO', 'West University of Timișoara', { kind: 'RO-CUI', value: validRomanianCuis(1, 47_000_000)[0]! }),
      rs: await register('RS', 'University of Novi Sad', { kind: 'RS-PIB', value: validSerbianPibs(1, 109_000_000)[0]! }),
    }))();
    expertOrganisationsOf.set(p, known);
    known.catch(() => expertOrganisationsOf.delete(p));
  }
  return known;
}

let deactivatedSoFar = 0;

/**
 * An organisation an expert might name that the registry has deactivated (a research institute closed): registered and then
 * deactivated through the registry service, each call with a legal id of its own (none of the fixtures' above).
 */
export async function deactivatedOrganisation(p: CertificationPlatform, reason = 'the institute was closed'): Promise<{ id: string; deactivatedAt: string }> {
  const registrar = p.as('sec-registry', 'secretariat');
  const value = validRomanianCuis(++deactivatedSoFar, 49_000_000)[deactivatedSoFar - 1]!;
  const res = await p.post('/organisations', { kind: 'research-education', name: { en: `Closed institute ${deactivatedSoFar}` }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value } }, registrar);
  if (res.status !== 201) throw new Error(`registry refused the organisation: ${res.status} ${JSON.stringify(res.body)}`);
  const deactivated = await p.post(`/organisations/${res.body.id}/deactivation`, { reason, expectedRevision: res.body.revision }, registrar);
  if (deactivated.status !== 200) throw new Error(`registry refused the deactivation: ${deactivated.status} ${JSON.stringify(deactivated.body)}`);
  return { id: res.body.id, deactivatedAt: deactivated.body.deactivation.at };
}

/** Submitted and confirmed complete, two experts assigned and free of conflict. */
export async function fileUnderAssessment(p: CertificationPlatform, organisationId: string): Promise<string> {
  const submitted = await p.post('/applications', { schemeId: 'made-in-banat', organisationId, products: [{ name: 'Banat plum brandy', niceClass: 33 }], declaredRegionalRawMaterialShare: 0.7, evidence: allEvidence }, secretariat(p));
  if (submitted.status !== 201) throw new Error(`submission refused: ${JSON.stringify(submitted.body)}`);
  const applicationId: string = submitted.body.applicationId;
  const worksFor = await expertOrganisations(p);
  const steps: Array<[string, unknown, Record<string, string>]> = [
    [`/applications/${applicationId}/completeness`, {}, secretariat(p)],
    [`/applications/${applicationId}/experts`, { expertId: 'expert-ro', expertOrganisationId: worksFor.ro }, secretariat(p)],
    [`/applications/${applicationId}/experts`, { expertId: 'expert-rs', expertOrganisationId: worksFor.rs }, secretariat(p)],
    [`/applications/${applicationId}/conflict-declarations`, { hasConflict: false, statement: 'no interest in the applicant' }, p.as('expert-ro', 'expert')],
    [`/applications/${applicationId}/conflict-declarations`, { hasConflict: false, statement: 'no interest in the applicant' }, p.as('expert-rs', 'expert')],
  ];
  for (const [path, body, who] of steps) {
    const res = await p.post(path, body, who);
    if (res.status !== 200) throw new Error(`${path} refused: ${JSON.stringify(res.body)}`);
  }
  return applicationId;
}

/** Both experts scored and the review completed by someone who did not assess. */
export async function reviewedFile(p: CertificationPlatform, organisationId: string, low: Record<string, number> = {}): Promise<string> {
  const applicationId = await fileUnderAssessment(p, organisationId);
  for (const [expert, score] of [['expert-ro', 8], ['expert-rs', 7]] as const) {
    const res = await p.post(`/applications/${applicationId}/scores`, { scores: scores(score, low) }, p.as(expert, 'expert'));
    if (res.status !== 200) throw new Error(`scores refused: ${JSON.stringify(res.body)}`);
  }
  const review = await p.post(`/applications/${applicationId}/review`, { remarks: 'procedure followed' }, p.as('reviewer-ion', 'secretariat'));
  if (review.status !== 200) throw new Error(`review refused: ${JSON.stringify(review.body)}`);
  return applicationId;
}

export async function historyLength(p: CertificationPlatform, path: string): Promise<number> {
  const res = await p.get(`${path}/history`, p.as('aud-eva', 'auditor'));
  return res.status === 200 ? res.body.length : 0;
}
