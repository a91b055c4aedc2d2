import { httpPost } from './http';
import { validRomanianCuis, validSerbianPibs } from './legal-ids';

type Headers = Record<string, string>;
type As = (role: 'secretariat' | 'expert' | 'decision-maker', sub: string) => Promise<Headers>;

const CRITERIA = ['competitiveness', 'new-technologies', 'human-resources', 'organisational-management', 'production-efficiency', 'environmental-technologies', 'waste-management'];
const EVIDENCE = [
  { kind: 'product-description', ref: 'doc-1' },
  { kind: 'raw-material-origin', ref: 'doc-2' },
  { kind: 'financial-statement', ref: 'doc-3' },
];

/**
 * Takes an organisation through every ISO/IEC 17065 step of the Made in Banat scheme over HTTP, each
 * by its own role (two experts, a reviewer, a decision-maker), to a granted certificate. A step
 * answered with anything but success throws, naming the step, its status and body.
 */
export async function grantBrandOverHttp(api: (path: string) => string, as: As, organisationId: string, products: { name: string; niceClass: number }[]): Promise<{ applicationId: string; certificateNumber: string }> {
  const secretariat = await as('secretariat', 'sec-ana');
  const post = async (path: string, body: unknown, who: Headers) => {
    const res = await httpPost(api(path), body, who);
    if (res.status < 200 || res.status > 299) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  // The experts work for organisations the registry knows (an unknown one is refused); registered once per registry, then its 409 names them.
  const expertOrganisation = async (country: 'RO' | 'RS', name: string, legalId: { kind: string; value: string }): Promise<string> => {
    const res = await httpPost(api('/organisations'), { kind: 'research-education', name: { en: name }, country, region: country === 'RO' ? 'RO-TM' : 'RS-02', legalId }, secretariat);
    if (res.status === 201) return res.body.id;
    if (res.status === 409 && typeof res.body?.details?.existingId === 'string') return res.body.details.existingId;
    throw new Error(`POST /organisations (expert's organisation) answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  const uvt = await expertOrganisation('RO', 'West University of Timișoara', { kind: 'RO-CUI', value: validRomanianCuis(1, 48_000_000)[0]! });
  const uns = await expertOrganisation('RS', 'University of Novi Sad', { kind: 'RS-PIB', value: validSerbianPibs(1, 109_500_000)[0]! });
  const { applicationId } = await post('/applications', { schemeId: 'made-in-banat', organisationId, products, declaredRegionalRawMaterialShare: 0.9, evidence: EVIDENCE }, secretariat);
  const file = `/applications/${applicationId}`;
  const scores = CRITERIA.map((criterionId) => ({ criterionId, score: 8, justification: `site visit notes on ${criterionId}` }));
  const steps: Array<[string, unknown, Headers]> = [
    [`${file}/completeness`, {}, secretariat],
    [`${file}/experts`, { expertId: 'expert-ro', expertOrganisationId: uvt }, secretariat],
    [`${file}/experts`, { expertId: 'expert-rs', expertOrganisationId: uns }, secretariat],
    [`${file}/conflict-declarations`, { hasConflict: false, statement: 'no interest in the applicant' }, await as('expert', 'expert-ro')],
    [`${file}/conflict-declarations`, { hasConflict: false, statement: 'no interest in the applicant' }, await as('expert', 'expert-rs')],
    [`${file}/scores`, { scores }, await as('expert', 'expert-ro')],
    [`${file}/scores`, { scores }, await as('expert', 'expert-rs')],
    [`${file}/review`, { remarks: 'procedure followed' }, await as('secretariat', 'reviewer-ion')],
  ];
  for (const [path, body, who] of steps) await post(path, body, who);
  const granted = await post(`${file}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, await as('decision-maker', 'dm-milan'));
  return { applicationId, certificateNumber: granted.certificateNumber };
}
