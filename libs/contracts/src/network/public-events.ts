import { NETWORK_EVENT_SOURCE, NetworkEvents } from './subjects';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const uuid = { type: 'string', format: 'uuid' };
const kinds = { enum: ['business-offer', 'business-request', 'technology-offer', 'technology-request', 'research-partner-search'] };

/** `data` of network.listing.published.v1: what anyone may see of the listing. */
export interface ListingPublishedData {
  listingId: string;
  organisationId: string;
  kind: string;
  title: string;
  naceCodes: string[];
  niceClasses: number[];
  countriesWanted: string[];
  languages: string[];
  expiresOn: string;
  publishedAt: string;
}

/** `data` of network.match.suggested.v1: a newly published offer fits an open request; addressed to the requester. */
export interface MatchSuggestedData {
  requestId: string;
  requesterOrganisationId: string;
  offerId: string;
  offerOrganisationId: string;
  score: number;
  reasons: { kind: string; detail: string; points: number }[];
  at: string;
}

/** `data` of network.member.joined.v1 (membership approved) and network.member.left.v1. */
export interface MemberJoinedData {
  organisationId: string;
  organisationCountry: string;
  roles: string[];
  at: string;
}
export interface MemberLeftData {
  organisationId: string;
  at: string;
}

/** `data` of network.meeting.agreed.v1: a B2B meeting with its slot and table. */
export interface MeetingAgreedData {
  meetingId: string;
  fairId: string;
  date: string;
  slot: string;
  table: number;
  organisationIds: string[];
  at: string;
}

/** `data` of network.mentoring.started.v1: the mentee accepted a mentoring proposal. */
export interface MentoringStartedData {
  mentoringId: string;
  mentorOrganisationId: string;
  menteeOrganisationId: string;
  at: string;
}

/** `data` of network.partnership.agreed.v1: the partner accepted a cooperation agreement. */
export interface PartnershipAgreedData {
  partnershipId: string;
  kind: string;
  organisationIds: string[];
  from: string;
  until?: string;
  at: string;
}

/** `data` of network.cluster-membership.started.v1: the invited organisation accepted; from now on a member of the cluster. */
export interface ClusterMembershipStartedData {
  clusterId: string;
  organisationId: string;
  at: string;
}

/** How a cluster membership ended: the organisation left (`departure`) or the cluster removed it (`removal`). */
export type ClusterMembershipEnding = 'departure' | 'removal';

/** `data` of network.cluster-membership.ended.v1: no longer a member (a removal's reason stays in the network). */
export interface ClusterMembershipEndedData {
  clusterId: string;
  organisationId: string;
  ending: ClusterMembershipEnding;
  at: string;
}

const schema = (name: string, required: string[], properties: Record<string, unknown>) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `${NETWORK_EVENT_SOURCE}:schemas:${name}.v1`,
  title: `${name} (v1)`,
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

export const NetworkEventSchemas: Record<string, object> = {
  [NetworkEvents.listingPublished.type]: schema(
    'listing.published',
    ['listingId', 'organisationId', 'kind', 'title', 'naceCodes', 'niceClasses', 'countriesWanted', 'languages', 'expiresOn', 'publishedAt'],
    {
      listingId: uuid,
      organisationId: uuid,
      kind: kinds,
      title: { type: 'string', minLength: 1 },
      naceCodes: { type: 'array', items: { type: 'string' } },
      niceClasses: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 45 } },
      countriesWanted: { type: 'array', items: { enum: ['RO', 'RS', 'HU'] } },
      languages: { type: 'array', items: { type: 'string' } },
      expiresOn: date,
      publishedAt: { type: 'string', format: 'date-time' },
    },
  ),
  [NetworkEvents.matchSuggested.type]: schema('match.suggested', ['requestId', 'requesterOrganisationId', 'offerId', 'offerOrganisationId', 'score', 'reasons', 'at'], {
    requestId: uuid,
    requesterOrganisationId: uuid,
    offerId: uuid,
    offerOrganisationId: uuid,
    score: { type: 'integer', minimum: 1 },
    reasons: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'detail', 'points'],
        properties: { kind: { enum: ['nace', 'nice', 'country-wanted', 'cross-border', 'language'] }, detail: { type: 'string' }, points: { type: 'integer' } },
      },
    },
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.memberJoined.type]: schema('member.joined', ['organisationId', 'organisationCountry', 'roles', 'at'], {
    organisationId: uuid,
    organisationCountry: { enum: ['RO', 'RS', 'HU'] },
    roles: { type: 'array', minItems: 1, items: { enum: ['brand-holder', 'partner', 'expert-organisation', 'ngo', 'research-institution'] } },
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.memberLeft.type]: schema('member.left', ['organisationId', 'at'], { organisationId: uuid, at: { type: 'string', format: 'date-time' } }),
  [NetworkEvents.meetingAgreed.type]: schema('meeting.agreed', ['meetingId', 'fairId', 'date', 'slot', 'table', 'organisationIds', 'at'], {
    meetingId: uuid,
    fairId: uuid,
    date,
    slot: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    table: { type: 'integer', minimum: 1 },
    organisationIds: { type: 'array', minItems: 2, maxItems: 2, items: uuid },
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.mentoringStarted.type]: schema('mentoring.started', ['mentoringId', 'mentorOrganisationId', 'menteeOrganisationId', 'at'], {
    mentoringId: uuid,
    mentorOrganisationId: uuid,
    menteeOrganisationId: uuid,
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.partnershipAgreed.type]: schema('partnership.agreed', ['partnershipId', 'kind', 'organisationIds', 'from', 'at'], {
    partnershipId: uuid,
    kind: { type: 'string', minLength: 1 },
    organisationIds: { type: 'array', minItems: 2, maxItems: 2, items: uuid },
    from: date,
    until: date,
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.clusterMembershipStarted.type]: schema('cluster-membership.started', ['clusterId', 'organisationId', 'at'], {
    clusterId: uuid,
    organisationId: uuid,
    at: { type: 'string', format: 'date-time' },
  }),
  [NetworkEvents.clusterMembershipEnded.type]: schema('cluster-membership.ended', ['clusterId', 'organisationId', 'ending', 'at'], {
    clusterId: uuid,
    organisationId: uuid,
    ending: { enum: ['departure', 'removal'] },
    at: { type: 'string', format: 'date-time' },
  }),
};
