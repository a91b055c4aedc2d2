/**
 * A certificate as a W3C Verifiable Credential 2.0 in the Open Badges 3.0 shape: the achievement is
 * the scheme, the subject the holder organisation (its registry id, legal id and products; no
 * personal data), the term as validFrom/validUntil, and one Bitstring Status List entry.
 */
import { endOfDay, startOfDay } from '../domain/calendar/calendar-date';
import { STATUS_MESSAGES, STATUS_SIZE } from './bitstring-status-list';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export type CredentialCertificate = Readonly<{
  certificateNumber: string;
  holder: { organisationId: string; country: string; region: string; name?: Readonly<Record<string, string>> };
  legalId?: { kind: string; value: string };
  schemeId: string;
  schemeVersion: number;
  products: ReadonlyArray<{ name: string; niceClass?: number }>;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
}>;

/** Where the issuer publishes: its keys and status lists live under the gateway's public API. */
export const issuerUrls = (issuer: string) => {
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer: base,
    keys: `${base}/api/v1/credentials/issuer`,
    statusList: (listId: string) => `${base}/api/v1/credentials/status/${listId}`,
    certificate: (number: string) => `${base}/api/v1/certificates/${encodeURIComponent(number)}`,
  };
};

/**
 * A term's calendar dates are days of the programme's calendar (Europe/Bucharest): the credential is
 * valid from the first second of its first day there to the last second of its last day there, as
 * UTC instants (2026-06-01 starts at 2026-05-31T21:00:00Z in summer, 22:00Z in winter).
 */
const wholeSecond = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');
const startOf = (date: string) => wholeSecond(startOfDay(date));
const endOf = (date: string) => wholeSecond(endOfDay(date));

export function certificateCredential(issuer: string, c: CredentialCertificate, status: { listId: string; index: number }) {
  const urls = issuerUrls(issuer);
  const name = c.holder.name?.en ?? Object.values(c.holder.name ?? {})[0];
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `${urls.certificate(c.certificateNumber)}/credential#${c.issuedAt}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Made in Banat certificate ${c.certificateNumber}`,
    issuer: { id: urls.issuer, type: ['Profile'], name: 'Made in Banat regional brand programme' },
    // A renewal is issued before its new term starts: the certificate is valid without a break from then.
    validFrom: Date.parse(c.issuedAt) < Date.parse(startOf(c.validFrom)) ? new Date(c.issuedAt).toISOString().replace('.000Z', 'Z') : startOf(c.validFrom),
    validUntil: endOf(c.validUntil),
    credentialSubject: {
      id: `${urls.issuer}/api/v1/organisations/${encodeURIComponent(c.holder.organisationId)}`,
      type: ['AchievementSubject'],
      identifier: c.legalId
        ? [{ type: 'IdentityObject', identityHash: c.legalId.value, identityType: `ext:${c.legalId.kind}`, hashed: false }]
        : [],
      achievement: {
        id: `${urls.issuer}/api/v1/schemes/${encodeURIComponent(c.schemeId)}/v${c.schemeVersion}`,
        type: ['Achievement'],
        achievementType: 'License',
        name: 'Made in Banat',
        description: `Certified under the ${c.schemeId} scheme, version ${c.schemeVersion}, for the products listed.`,
        criteria: { narrative: 'Assessed by two independent experts against the scheme\'s criteria, reviewed and granted by an independent decision maker.' },
      },
      holder: { organisationId: c.holder.organisationId, ...(name ? { name } : {}), country: c.holder.country, region: c.holder.region, ...(c.legalId ? { legalId: c.legalId } : {}) },
      // The OB 3.0 term for the number of a licence or certificate the subject holds.
      licenseNumber: c.certificateNumber,
      products: c.products.map((p) => ({ name: p.name, ...(p.niceClass === undefined ? {} : { niceClass: p.niceClass }) })),
    },
    credentialStatus: {
      id: `${urls.statusList(status.listId)}#${status.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: String(status.index),
      statusListCredential: urls.statusList(status.listId),
      statusSize: STATUS_SIZE,
      statusMessage: STATUS_MESSAGES.map((m) => ({ ...m })),
    },
  };
}

export type CertificateCredential = ReturnType<typeof certificateCredential>;

export function statusListCredential(issuer: string, listId: string, encodedList: string, validFrom: string) {
  const urls = issuerUrls(issuer);
  return {
    '@context': [VC_CONTEXT],
    id: urls.statusList(listId),
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom,
    credentialSubject: { id: `${urls.statusList(listId)}#list`, type: 'BitstringStatusList', statusPurpose: 'message', encodedList },
  };
}
