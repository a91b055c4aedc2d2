import { httpPost } from './http';

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
  const { applicationId } = await post('/applications', { schemeId: 'made-in-banat', organisationId, products, declaredRegionalRawMaterialShare: 0.9, evidence: EVIDENCE }, secretariat);
  const file = `/applications/${applicationId}`;
  const scores = CRITERIA.map((criterionId) => ({ criterionId, score: 8, justification: `site visit notes on ${criterionId}` }));
  const steps: Array<[string, unknown, Headers]> = [
    [`${file}/completeness`, {}, secretariat],
    [`${file}/experts`, { expertId: 'expert-ro', expertOrganisationId: 'org-uvt' }, secretariat],
    [`${file}/experts`, { expertId: 'expert-rs', expertOrganisationId: 'org-uns' }, secretariat],
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
