/**
 * Integration events of the certification service: subjects under PUBLIC_PREFIX, CloudEvents types,
 * and the JSON Schema of each event's `data` (for the AsyncAPI document and for partners).
 */
export const CERTIFICATION_EVENT_SOURCE = 'urn:madeinbanat:certification';

const event = (name: string) => ({
  subject: `certification.certificate.${name}.v1`,
  type: `eu.madeinbanat.certification.certificate.${name}.v1`,
});

export const CertificationEvents = {
  granted: event('granted'),
  renewed: event('renewed'),
  suspended: event('suspended'),
  restored: event('restored'),
  withdrawn: event('withdrawn'),
  expired: event('expired'),
} as const;
export type CertificationEventName = keyof typeof CertificationEvents;

/** Every certification public subject, relative to the public prefix (for a consumer's filter). */
export const CERTIFICATION_PUBLIC_SUBJECTS = 'certification.>';

/** The `data` of every certification CloudEvent: the certificate as it stands after the fact. */
export interface CertificateFactData {
  certificateNumber: string;
  holderOrganisationId: string;
  holderCountry: string;
  holderRegion: string;
  schemeId: string;
  schemeVersion: number;
  products: { name: string; niceClass?: number }[];
  validFrom: string;
  validUntil: string;
  reason?: string;
  at: string;
}

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

const certificateFactSchema = (name: CertificationEventName, withReason: boolean) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${CERTIFICATION_EVENT_SOURCE}:schemas:certificate.${name}.v1`,
  title: `certificate ${name} (v1)`,
  type: 'object',
  additionalProperties: false,
  required: ['certificateNumber', 'holderOrganisationId', 'holderCountry', 'holderRegion', 'schemeId', 'schemeVersion', 'products', 'validFrom', 'validUntil', 'at', ...(withReason ? ['reason'] : [])],
  properties: {
    certificateNumber: { type: 'string', minLength: 1 },
    holderOrganisationId: { type: 'string', minLength: 1 },
    holderCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
    holderRegion: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' },
    schemeId: { type: 'string', minLength: 1 },
    schemeVersion: { type: 'integer', minimum: 1 },
    products: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, niceClass: { type: 'integer', minimum: 1, maximum: 45 } },
      },
    },
    validFrom: date,
    validUntil: date,
    reason: { type: 'string', minLength: 1 },
    at: { type: 'string', format: 'date-time' },
  },
});

/** JSON Schema per CloudEvents type. Suspension, restoration, withdrawal and renewal always state a reason. */
export const CertificationEventSchemas: Record<string, ReturnType<typeof certificateFactSchema>> = {
  [CertificationEvents.granted.type]: certificateFactSchema('granted', false),
  [CertificationEvents.renewed.type]: certificateFactSchema('renewed', true),
  [CertificationEvents.suspended.type]: certificateFactSchema('suspended', true),
  [CertificationEvents.restored.type]: certificateFactSchema('restored', true),
  [CertificationEvents.withdrawn.type]: certificateFactSchema('withdrawn', true),
  [CertificationEvents.expired.type]: certificateFactSchema('expired', false),
};

/** Applications for a scheme, as the programme counts them (no evidence, no people): certification.application.submitted.v1. */
export const CertificationApplicationEvents = {
  submitted: { subject: 'certification.application.submitted.v1', type: 'eu.madeinbanat.certification.application.submitted.v1' },
} as const;

export interface ApplicationSubmittedData {
  applicationId: string;
  applicantOrganisationId: string;
  applicantCountry: string;
  applicantRegion: string;
  schemeId: string;
  schemeVersion: number;
  at: string;
}

export const CertificationApplicationEventSchemas: Record<string, object> = {
  [CertificationApplicationEvents.submitted.type]: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${CERTIFICATION_EVENT_SOURCE}:schemas:application.submitted.v1`,
    title: 'application submitted (v1)',
    type: 'object',
    additionalProperties: false,
    required: ['applicationId', 'applicantOrganisationId', 'applicantCountry', 'applicantRegion', 'schemeId', 'schemeVersion', 'at'],
    properties: {
      applicationId: { type: 'string', minLength: 1 },
      applicantOrganisationId: { type: 'string', minLength: 1 },
      applicantCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
      applicantRegion: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' },
      schemeId: { type: 'string', minLength: 1 },
      schemeVersion: { type: 'integer', minimum: 1 },
      at: { type: 'string', format: 'date-time' },
    },
  },
};
