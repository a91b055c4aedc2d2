import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { CLUSTER_SERVICE_CATEGORIES, LISTING_KINDS, LISTING_LANGUAGES, MEMBER_ROLES, PARTNERSHIP_KINDS, RpcErrorCodes } from '@banat/contracts';

/**
 * Response bodies as the OpenAPI document shows them. The contracts keep views as interfaces (what
 * services answer); these classes only describe them to HTTP callers.
 */

const texts = { type: 'object', additionalProperties: { type: 'string' }, example: { ro: 'Brutăria Bănățeană', en: 'Banat Bakery' } } as const;
const freeForm = { type: 'object', additionalProperties: true } as const;

export class FieldErrorDoc {
  @ApiProperty({ example: 'legalId' }) field: string;
  @ApiProperty({ example: 'legalId is required' }) reason: string;
}

/** Every error the API answers, whatever the status. */
export class ErrorBody {
  @ApiProperty({ enum: Object.values(RpcErrorCodes), example: 'VALIDATION_FAILED' }) code: string;
  @ApiProperty({ example: 'invalid input' }) message: string;
  @ApiPropertyOptional({ type: [FieldErrorDoc], description: 'VALIDATION_FAILED: each field the caller got wrong, once' }) fields?: FieldErrorDoc[];
  @ApiPropertyOptional({ example: 'RegionalRawMaterialShareTooLow', description: 'RULE_VIOLATED: the rule that refused the command' }) rule?: string;
  @ApiPropertyOptional({ ...freeForm, description: 'CONFLICT: the stream and its revision; others: what helps to act on the error' }) details?: Record<string, unknown>;
}

export class CommandResultDoc {
  @ApiProperty({ example: 'application-app-1f2e3d' }) streamId: string;
  @ApiProperty({ description: "The stream's revision after the command (send it as expectedRevision next time)", example: 3 }) revision: number;
  @ApiProperty({ description: 'Event-store position: pass it as `after` to a list to read this command', example: 1042 }) position: number;
  @ApiProperty({ description: 'Events appended (0 on a retry with the same commandId)', example: 1 }) appended: number;
  @ApiProperty({ description: 'True when this was a retry of a command already recorded' }) duplicate: boolean;
  @ApiPropertyOptional({ type: [String], example: ['ConflictOfInterestDeclared', 'ExpertRemoved'], description: 'What the command recorded, by event type (on a retry: what the first call recorded)' }) recorded?: string[];
}

export class SubmitApplicationResultDoc extends CommandResultDoc {
  @ApiProperty({ example: 'app-1f2e3d' }) applicationId: string;
}

export class CompletenessResultDoc extends CommandResultDoc {
  @ApiProperty({ enum: ['complete', 'returned-incomplete'] }) outcome: string;
  @ApiProperty({ type: [String], example: ['financial-statement'], description: 'Evidence still missing (empty when complete)' }) missingEvidence: string[];
}

export class DecisionResultDoc extends CommandResultDoc {
  @ApiProperty({ enum: ['granted', 'refused'] }) outcome: string;
  @ApiPropertyOptional({ example: 'MIB-2026-000001' }) certificateNumber?: string;
}

export class LodgeComplaintResultDoc extends CommandResultDoc {
  @ApiProperty({ example: 'complaint-9a8b7c' }) complaintId: string;
}

export class ComplaintDecisionResultDoc extends CommandResultDoc {
  @ApiProperty({ enum: ['upheld', 'rejected'] }) outcome: string;
  @ApiPropertyOptional({ type: CommandResultDoc, description: 'The finding an upheld complaint recorded on the certificate' }) finding?: CommandResultDoc;
  @ApiPropertyOptional({ description: 'The rule that refused the finding, if the certificate refused it' }) findingRefused?: string;
}

export class ProductDoc {
  @ApiProperty({ example: 'Banat plum brandy' }) name: string;
  @ApiPropertyOptional({ example: 33 }) niceClass?: number;
}

export class RegisterEntryDoc {
  @ApiProperty({ example: 'MIB-2026-000001' }) certificateNumber: string;
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ['active', 'suspended', 'withdrawn', 'expired'] }) status: string;
  @ApiProperty() holderOrganisationId: string;
  @ApiPropertyOptional({ ...texts, description: "The holder's name in its languages" }) holderName?: Record<string, string>;
  @ApiProperty({ example: 'RO' }) holderCountry: string;
  @ApiProperty({ example: 'RO-TM' }) holderRegion: string;
  @ApiProperty({ example: 'made-in-banat' }) schemeId: string;
  @ApiProperty() schemeVersion: number;
  @ApiProperty({ type: [ProductDoc] }) products: ProductDoc[];
  @ApiProperty({ example: '2026-01-10' }) validFrom: string;
  @ApiProperty({ example: '2029-01-09' }) validUntil: string;
  @ApiProperty() issuedAt: string;
  @ApiPropertyOptional() suspendedAt?: string;
  @ApiPropertyOptional() restoredAt?: string;
  @ApiPropertyOptional() withdrawnAt?: string;
  @ApiPropertyOptional() expiredOn?: string;
  @ApiPropertyOptional() renewedAt?: string;
  @ApiPropertyOptional() statusReason?: string;
  @ApiProperty() statusSince: string;
  @ApiPropertyOptional() nextSurveillanceDue?: string;
  @ApiProperty() findings: number;
  @ApiProperty() revision: number;
}

class PageDoc {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class RegisterPageDoc extends PageDoc {
  @ApiProperty({ type: [RegisterEntryDoc] }) items: RegisterEntryDoc[];
}

export class ApplicationFileDoc {
  @ApiProperty() applicationId: string;
  @ApiProperty({ enum: ['submitted', 'returned-incomplete', 'complete', 'reviewed', 'granted', 'refused'] }) status: string;
  @ApiProperty({ example: 'made-in-banat' }) schemeId: string;
  @ApiProperty({ ...freeForm, description: 'organisationId, country, region (and name) of the applicant' }) applicant: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: freeForm, description: 'Experts assigned, with their conflict declarations' }) experts: unknown[];
  @ApiPropertyOptional({ ...freeForm, description: 'The decision: outcome, by whom, when, reasons' }) decision?: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: freeForm, description: 'Each step: revision, type, at, actor, role' }) history: unknown[];
  @ApiProperty() submittedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() revision: number;
}

export class ApplicationPageDoc extends PageDoc {
  @ApiProperty({ type: [ApplicationFileDoc] }) items: ApplicationFileDoc[];
}

export class ApplicationAsOfDoc {
  @ApiProperty() applicationId: string;
  @ApiProperty({ example: '2026-02-01' }) when: string;
  @ApiProperty({ description: 'The status the file had then' }) status: string;
}

export class CertificateAsOfDoc {
  @ApiProperty({ example: 'MIB-2026-000001' }) certificateNumber: string;
  @ApiProperty({ example: '2027-01-15' }) when: string;
  @ApiProperty({ enum: ['not-issued', 'active', 'suspended', 'withdrawn', 'expired'] }) status: string;
  @ApiPropertyOptional() validFrom?: string;
  @ApiPropertyOptional() validUntil?: string;
  @ApiProperty({ description: 'Active and within its term on that day' }) inForce: boolean;
}

export class HistoryEntryDoc {
  @ApiProperty() revision: number;
  @ApiProperty() position: number;
  @ApiProperty({ example: 'CertificateIssued' }) type: string;
  @ApiPropertyOptional() at?: string;
  @ApiProperty() actor: string;
  @ApiProperty() role: string;
  @ApiProperty() commandId: string;
  @ApiPropertyOptional({
    example: 'sha256:9f2c…',
    description: 'SHA-256 of the canonical JSON of the request body without commandId and expectedRevision, where the caller named the command: the same commandId with another body is a 409',
  })
  requestDigest?: string;
  @ApiProperty() correlationId: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ description: 'SHA-256 chained to the previous event' }) hash: string;
  @ApiProperty({ ...freeForm }) data: Record<string, unknown>;
}

export class SchemeDoc {
  @ApiProperty({ example: 'made-in-banat' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['regional-brand', 'cluster-label'] }) kind: string;
  @ApiProperty({ type: 'array', items: freeForm, description: 'Criteria with weight, pass threshold and score range' }) criteria: unknown[];
  @ApiProperty() minimumExperts: number;
  @ApiProperty({ type: 'array', items: freeForm }) requiredEvidence: unknown[];
  @ApiProperty({ ...freeForm, description: 'minRegionalRawMaterialShare, minOverallPercent, eligibleRegions, eligibleOrganisationKinds, productsRequired' }) rules: Record<string, unknown>;
  @ApiProperty({ ...freeForm }) validity: Record<string, unknown>;
  @ApiProperty({ ...freeForm }) appeal: Record<string, unknown>;
}

const counts = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class SchemeStatisticsDoc {
  @ApiProperty() schemeId: string;
  @ApiProperty({ ...counts, example: { submitted: 4, granted: 2, refused: 1 } }) totals: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: counts }) byCountry: Record<string, Record<string, number>>;
  @ApiProperty({ type: 'object', additionalProperties: counts }) byRegion: Record<string, Record<string, number>>;
}

export class ExpertWorkloadDoc {
  @ApiProperty() expertId: string;
  @ApiProperty() assigned: number;
  @ApiProperty() scored: number;
  @ApiProperty() removed: number;
  @ApiProperty() open: number;
  @ApiProperty({ type: [String] }) applicationIds: string[];
}

export class ProjectionStatusDoc {
  @ApiProperty() projection: string;
  @ApiProperty() checkpoint: number;
  @ApiProperty() head: number;
  @ApiPropertyOptional({ description: 'Events behind the head (counted, not a difference of positions)' }) lag?: number;
  @ApiPropertyOptional({ description: 'true: the count stopped at its cap; at least `lag` events behind' }) lagAtLeast?: boolean;
  @ApiProperty({ enum: ['ok', 'failed'], description: "'failed': halted on a poison event (see failure)" }) state: string;
  @ApiPropertyOptional({ ...freeForm, description: 'the poison event: position, streamId, eventType, attempts, error' }) failure?: Record<string, unknown>;
}

export class ComplaintDoc {
  @ApiProperty() complaintId: string;
  @ApiProperty() certificateNumber: string;
  @ApiProperty({ enum: ['lodged', 'acknowledged', 'under-investigation', 'investigated', 'decided'] }) status: string;
  @ApiProperty({ ...freeForm, description: 'name and contact of who complained (secretariat, investigator), or { erased: true, subjectId } after erasure' }) complainant: Record<string, unknown>;
  @ApiProperty() grounds: string;
  @ApiProperty() lodgedBy: string;
  @ApiProperty() lodgedAt: string;
  @ApiProperty() decideBy: string;
  @ApiPropertyOptional() investigatorId?: string;
  @ApiPropertyOptional({ ...freeForm }) investigation?: Record<string, unknown>;
  @ApiPropertyOptional({ ...freeForm }) decision?: Record<string, unknown>;
  @ApiProperty() revision: number;
}

export class OrganisationDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['sme', 'business-support', 'public-body', 'ngo', 'research-education', 'cluster'] }) kind: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiPropertyOptional({ ...texts }) description?: Record<string, string>;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) country: string;
  @ApiProperty({ example: 'RO-TM' }) region: string;
  @ApiProperty({ ...freeForm, example: { kind: 'RO-CUI', value: 'RO18547290' } }) legalId: Record<string, string>;
  @ApiPropertyOptional() sizeClass?: string;
  @ApiProperty({ type: [String] }) naceCodes: string[];
  @ApiPropertyOptional({ type: 'array', items: freeForm, description: "contact people: only for the secretariat, auditors and the organisation's own members" }) contacts?: unknown[];
  @ApiPropertyOptional() website?: string;
  @ApiProperty({ type: 'array', items: freeForm }) products: unknown[];
  @ApiProperty({ type: [String], description: "a cluster's members as listed before members' consent was asked (2026-12-03), less those dropped since; its members now: GET /api/v1/network/clusters/{id}/members" }) memberIds: string[];
  @ApiProperty() active: boolean;
  @ApiPropertyOptional({ ...freeForm }) deactivation?: Record<string, unknown>;
  @ApiProperty() revision: number;
  @ApiProperty() registeredAt: string;
  @ApiProperty() updatedAt: string;
}

export class OrganisationPageDoc extends PageDoc {
  @ApiProperty({ type: [OrganisationDoc] }) items: OrganisationDoc[];
}

export class ImportReportDoc {
  @ApiProperty() imported: number;
  @ApiProperty() refused: number;
  @ApiProperty({ type: 'array', items: freeForm, description: 'Per row: imported (with its id) or refused, with the fields and reasons' }) rows: unknown[];
}

export class BrandMarkDoc {
  @ApiProperty() shown: boolean;
  @ApiProperty({ type: [String] }) certificateNumbers: string[];
  @ApiPropertyOptional() validUntil?: string;
}

export class BoothPageContentDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiPropertyOptional({ ...texts }) description?: Record<string, string>;
  @ApiProperty({ ...freeForm, example: { email: 'sales@example.ro', phone: '+40 256 000 000', website: 'https://example.ro' } }) contacts: Record<string, string>;
  @ApiPropertyOptional({ format: 'uuid', description: 'served at /images/{id}' }) logoImageId?: string;
  @ApiProperty({ description: 'send it as expectedRevision next time (0: never written)' }) revision: number;
  @ApiProperty({ description: 'hidden from the public by the secretariat' }) hidden: boolean;
}

export class ProductPageDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiPropertyOptional({ ...texts }) description?: Record<string, string>;
  @ApiProperty({ type: [Number] }) niceClasses: number[];
  @ApiProperty({ type: [String], description: 'each served at /images/{id}' }) imageIds: string[];
  @ApiProperty() hidden: boolean;
  @ApiProperty() revision: number;
  @ApiProperty() updatedAt: string;
}

export class ProductBoothDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiProperty() country: string;
  @ApiProperty() region: string;
  @ApiProperty({ type: BrandMarkDoc }) brandMark: BrandMarkDoc;
}

export class PublicProductDoc extends ProductPageDoc {
  @ApiProperty({ type: ProductBoothDoc }) booth: ProductBoothDoc;
}

export class PublicProductPageDoc extends PageDoc {
  @ApiProperty({ type: [PublicProductDoc] }) items: PublicProductDoc[];
}

export class ImageDoc {
  @ApiProperty({ format: 'uuid', description: 'served at /images/{id} with ETag and long Cache-Control' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['image/png', 'image/jpeg', 'image/webp'], description: 'read from the first bytes' }) contentType: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes' }) etag: string;
}

export class ThemedExhibitionDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ ...texts }) title: Record<string, string>;
  @ApiProperty({ enum: ['category', 'season'] }) kind: string;
  @ApiPropertyOptional() niceClass?: number;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty({ description: 'open today' }) current: boolean;
  @ApiProperty({ type: [String], description: 'organisations taking part' }) participants: string[];
  @ApiProperty() createdAt: string;
}

export class BoothDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiProperty() kind: string;
  @ApiProperty() country: string;
  @ApiProperty() region: string;
  @ApiProperty({ type: 'array', items: freeForm }) products: unknown[];
  @ApiProperty({ type: [Number] }) niceClasses: number[];
  @ApiProperty({ type: BrandMarkDoc }) brandMark: BrandMarkDoc;
  @ApiPropertyOptional({ type: BoothPageContentDoc, description: 'one booth only: what its exhibitor wrote' }) page?: BoothPageContentDoc;
  @ApiPropertyOptional({ type: [ProductPageDoc], description: 'one booth only: its visible product pages' }) productPages?: ProductPageDoc[];
}

export class BoothPageDoc extends PageDoc {
  @ApiProperty({ type: [BoothDoc] }) items: BoothDoc[];
}

export class ContactRequestDoc {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional() company?: string;
  @ApiProperty() receivedAt: string;
}

/** What a buyer gets back: a receipt, never the request's content. */
export class ContactRequestReceiptDoc {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ description: 'true: a retry of a request already stored (nothing new was stored)' }) duplicate: boolean;
}

/** Erasure on request: whose keys were destroyed. */
export class PersonalDataErasureResultDoc {
  @ApiProperty({ type: [String], description: 'people whose key was destroyed by this request' }) erased: string[];
  @ApiProperty({ type: [String], description: 'people named whose key was already gone' }) alreadyErased: string[];
}

export class ContactRequestPageDoc extends PageDoc {
  @ApiProperty({ type: [ContactRequestDoc] }) items: ContactRequestDoc[];
}

export class DirectoryEntryDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiProperty() kind: string;
  @ApiProperty() country: string;
  @ApiProperty() region: string;
  @ApiProperty() active: boolean;
  @ApiProperty() revision: number;
}

export class StatusDoc {
  @ApiProperty({ example: 'ok' }) status: string;
}

export class ReadinessDoc {
  @ApiProperty({ enum: ['ok', 'error'] }) status: string;
  @ApiProperty({ ...freeForm, description: 'Each check that is up (nats, and each service with its database state)' }) info: Record<string, unknown>;
  @ApiProperty({ ...freeForm, description: 'Each check that is down, and why' }) error: Record<string, unknown>;
  @ApiProperty({ ...freeForm }) details: Record<string, unknown>;
}

export class AsyncApiDoc {
  @ApiProperty({ example: '3.0.0' }) asyncapi: string;
  @ApiProperty({ ...freeForm }) info: Record<string, unknown>;
  @ApiProperty({ ...freeForm }) channels: Record<string, unknown>;
}

/** The body of a command that takes none (the path names what it acts on). */
export class NoBodyDoc {}

/* The network (views in libs/contracts/src/network/views.ts). */

export class ListingDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'], description: "The organisation's country, from the network's directory" }) organisationCountry: string;
  @ApiProperty({ enum: LISTING_KINDS }) kind: string;
  @ApiProperty({ example: 'Cold-pressed sunflower oil for export' }) title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], example: ['10.71'] }) naceCodes: string[];
  @ApiProperty({ type: [Number], example: [29] }) niceClasses: number[];
  @ApiProperty({ type: [String], example: ['RS', 'HU'] }) countriesWanted: string[];
  @ApiProperty({ enum: LISTING_LANGUAGES, isArray: true }) languages: string[];
  @ApiProperty({ example: '2027-03-31', description: 'The last day it is published' }) expiresOn: string;
  @ApiProperty({ enum: ['published', 'expired', 'withdrawn'], description: "'expired' once its last day has passed" }) status: string;
  @ApiProperty() publishedAt: string;
  @ApiPropertyOptional() renewedAt?: string;
  @ApiPropertyOptional() withdrawnAt?: string;
  @ApiProperty({ description: 'The version read (optimistic concurrency)' }) version: number;
}

export class ListingPageDoc extends PageDoc {
  @ApiProperty({ type: [ListingDoc] }) items: ListingDoc[];
}

export class MatchReasonDoc {
  @ApiProperty({ enum: ['nace', 'nice', 'country-wanted', 'cross-border', 'language'] }) kind: string;
  @ApiProperty({ example: 'NACE 10.71 asked and offered' }) detail: string;
  @ApiProperty({ description: 'Points this reason adds to the rank' }) points: number;
}

export class MatchDoc {
  @ApiProperty({ type: ListingDoc }) offer: ListingDoc;
  @ApiProperty() score: number;
  @ApiProperty({ type: [MatchReasonDoc] }) reasons: MatchReasonDoc[];
}

export class InterestDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) listingId: string;
  @ApiProperty() listingTitle: string;
  @ApiProperty({ format: 'uuid' }) listingOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) fromOrganisationId: string;
  @ApiProperty() message: string;
  @ApiProperty({ example: '2027-02-14', description: 'The reply deadline' }) replyBy: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'expired', 'withdrawn'], description: "'expired' once its deadline has passed unanswered" }) status: string;
  @ApiProperty() expressedAt: string;
  @ApiPropertyOptional({ type: 'object', properties: { message: { type: 'string' } } }) answer?: { message?: string };
  @ApiPropertyOptional() closedAt?: string;
  @ApiProperty() version: number;
}

export class InterestPageDoc extends PageDoc {
  @ApiProperty({ type: [InterestDoc] }) items: InterestDoc[];
}

export class MembershipStepDoc {
  @ApiProperty({ example: 'approved' }) step: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiPropertyOptional({ enum: MEMBER_ROLES, isArray: true }) roles?: string[];
  @ApiPropertyOptional() reason?: string;
}

export class MembershipDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) organisationCountry: string;
  @ApiProperty({ enum: ['applied', 'active', 'suspended', 'rejected', 'left'] }) status: string;
  @ApiProperty({ enum: MEMBER_ROLES, isArray: true, description: "Roles applied for and approved, and 'brand-holder' while the organisation holds the brand" }) roles: string[];
  @ApiProperty() brandHolder: boolean;
  @ApiPropertyOptional() joinedAt?: string;
  @ApiPropertyOptional({ type: [MembershipStepDoc], description: 'Who did what, when, why: only to the organisation itself and the secretariat' }) history?: MembershipStepDoc[];
  @ApiProperty() version: number;
}

export class MembershipPageDoc extends PageDoc {
  @ApiProperty({ type: [MembershipDoc] }) items: MembershipDoc[];
}

export class BrandHolderDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ description: 'On while a Made in Banat certificate of the organisation is valid' }) marked: boolean;
  @ApiProperty({ type: [String], example: ['MIB-2026-000001'] }) certificateNumbers: string[];
  @ApiPropertyOptional({ example: '2029-01-09', description: 'The latest end of term of those certificates' }) until?: string;
}

export class NetworkBrandMarkDoc extends OmitType(BrandHolderDoc, ['organisationId'] as const) {}

export class ClusterMemberDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) country: string;
  @ApiProperty({ example: 'RO-TM' }) region: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: NetworkBrandMarkDoc }) brandHolder: NetworkBrandMarkDoc;
}

export class ClusterMembershipStepDoc {
  @ApiProperty({ enum: ['listed-before-consent', 'invited', 'accepted', 'declined', 'left', 'withdrawn', 'removed'] }) step: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiPropertyOptional({ description: 'why the cluster removed the member (removed steps only)' }) reason?: string;
}

export class ClusterMembershipDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clusterId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['invited', 'member', 'declined', 'left', 'withdrawn', 'removed'] }) status: string;
  @ApiProperty({ type: [ClusterMembershipStepDoc] }) history: ClusterMembershipStepDoc[];
  @ApiProperty() version: number;
}

export class BrandHolderPageDoc extends PageDoc {
  @ApiProperty({ type: [BrandHolderDoc] }) items: BrandHolderDoc[];
}

export class FairDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2027-05-20' }) date: string;
  @ApiProperty({ example: '09:00' }) opensAt: string;
  @ApiProperty({ example: '17:00' }) closesAt: string;
  @ApiProperty({ example: 30 }) slotMinutes: number;
  @ApiProperty({ example: 12 }) tables: number;
  @ApiProperty({ type: [String], example: ['09:00', '09:30'], description: 'Start times of the meeting slots' }) slots: string[];
}

export class MeetingDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fairId: string;
  @ApiProperty({ format: 'uuid' }) requesterOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) inviteeOrganisationId: string;
  @ApiProperty({ example: '09:30' }) slot: string;
  @ApiProperty({ enum: ['requested', 'accepted', 'declined'] }) status: string;
  @ApiPropertyOptional({ description: 'The table booked once the meeting is agreed' }) table?: number;
  @ApiPropertyOptional() message?: string;
  @ApiProperty() requestedAt: string;
  @ApiPropertyOptional() answeredAt?: string;
  @ApiProperty() version: number;
}

export class FairParticipantDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: [String], example: ['09:00', '10:30'] }) availableSlots: string[];
}

export class ClusterServiceDoc {
  @ApiProperty({ enum: CLUSTER_SERVICE_CATEGORIES }) category: string;
  @ApiProperty({ example: 'Export coaching for food producers' }) title: string;
  @ApiProperty({ type: [String], example: ['RO', 'RS'] }) countries: string[];
}

export class ClusterCatalogueDoc {
  @ApiProperty({ format: 'uuid' }) clusterId: string;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) country: string;
  @ApiProperty({ type: [ClusterServiceDoc] }) services: ClusterServiceDoc[];
  @ApiProperty() version: number;
}

export class StatedNeedsDoc {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) country: string;
  @ApiProperty({ enum: CLUSTER_SERVICE_CATEGORIES, isArray: true }) categories: string[];
  @ApiProperty() version: number;
}

export class ServiceOfferedByDoc {
  @ApiProperty({ format: 'uuid' }) clusterId: string;
  @ApiProperty({ type: [String] }) countries: string[];
}

export class ServiceMapCategoryDoc {
  @ApiProperty({ enum: CLUSTER_SERVICE_CATEGORIES }) category: string;
  @ApiProperty({ type: [ServiceOfferedByDoc] }) offeredBy: ServiceOfferedByDoc[];
  @ApiProperty({ description: 'How many organisations need it' }) neededBy: number;
  @ApiProperty({ type: [String], description: 'Ids of the organisations that need it and no cluster serves in their country' }) unservedFor: string[];
}

export class ServiceMapDoc {
  @ApiProperty({ type: [ServiceMapCategoryDoc] }) categories: ServiceMapCategoryDoc[];
}

export class MentoringMeetingDoc {
  @ApiProperty({ example: '2027-02-01' }) on: string;
  @ApiProperty() notes: string;
}

export class MentoringDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['mentoring', 'twinning'] }) kind: string;
  @ApiProperty({ format: 'uuid' }) mentorOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) menteeOrganisationId: string;
  @ApiProperty({ example: '2027-01-01' }) from: string;
  @ApiProperty({ example: '2027-12-31' }) until: string;
  @ApiProperty({ type: [String] }) goals: string[];
  @ApiProperty({ enum: ['proposed', 'active', 'declined', 'withdrawn', 'closed'] }) status: string;
  @ApiProperty({ type: [MentoringMeetingDoc] }) meetings: MentoringMeetingDoc[];
  @ApiPropertyOptional() outcome?: string;
  @ApiProperty() proposedAt: string;
  @ApiProperty() version: number;
}

export class SignedCredentialDoc {
  @ApiProperty({ example: 'application/vc+jwt' }) mediaType: string;
  @ApiProperty({ description: 'The credential as a compact JWS (VC-JOSE): its payload is the W3C VC 2.0 credential' }) credential: string;
  @ApiPropertyOptional({ example: 'MIB-2026-000001' }) certificateNumber?: string;
  @ApiPropertyOptional({ example: '1' }) listId?: string;
  @ApiPropertyOptional() etag?: string;
}

export class CredentialIssuerDoc {
  @ApiProperty({ example: 'https://made-in-banat.example', description: "the issuer id: this start's PUBLIC_BASE_URL" }) issuer: string;
  @ApiProperty({ type: [String], example: ['http://127.0.0.1:3000'], description: 'issuer ids the programme signed credentials under before (an earlier PUBLIC_BASE_URL): credentials naming one of them are its own and still verify' }) formerIssuers: string[];
  @ApiProperty({ description: 'JSON Web Key Set of the keys credentials are signed with', example: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '…', kid: '…', alg: 'EdDSA', use: 'sig' }] } }) jwks: Record<string, unknown>;
  @ApiProperty({ description: 'did:web document with the same key as a JsonWebKey verification method' }) didDocument: Record<string, unknown>;
}

export class VerificationCheckDoc {
  @ApiProperty({ enum: ['signature', 'issuer', 'validity', 'status'] }) check: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ example: 'suspended' }) reason?: string;
  @ApiPropertyOptional({
    enum: ['not-a-jws', 'not-a-credential', 'unknown-key', 'algorithm', 'signature', 'other-issuer', 'no-dates', 'not-yet-valid', 'expired', 'no-status-entry', 'status-entry', 'status-list-missing', 'status-list-invalid', 'status-list-not-issuers', 'suspended', 'withdrawn', 'status-other'],
    description: 'why the check failed, for a verifier that words the reason itself',
  })
  code?: string;
  @ApiPropertyOptional({ example: '2029-05-31T20:59:59Z', description: 'what the reason names: the date, issuer id, key id, status list URL or status' }) value?: string;
}

export class VerificationDoc {
  @ApiProperty() verified: boolean;
  @ApiProperty({ type: [VerificationCheckDoc] }) checks: VerificationCheckDoc[];
  @ApiPropertyOptional() certificateNumber?: string;
  @ApiPropertyOptional({ example: 'valid' }) status?: string;
}

/* Programme events (views in libs/contracts/src/events/views.ts). */

export class EventQuotaDoc {
  @ApiProperty({ enum: ['country', 'organisationKind', 'participation'] }) dimension: string;
  @ApiProperty({ example: 'RO' }) value: string;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ description: 'places kept free for those who count towards it' }) min?: number;
}

export class EventPlaceDoc {
  @ApiProperty() venue: string;
  @ApiProperty() city: string;
  @ApiProperty({ enum: ['RO', 'RS', 'HU'] }) country: string;
  @ApiPropertyOptional({ example: 'RO-TM' }) region?: string;
}

export class EventSessionDoc {
  @ApiProperty() sessionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2027-05-12' }) date: string;
  @ApiPropertyOptional({ example: '09:00' }) startsAt?: string;
  @ApiPropertyOptional({ example: '12:30' }) endsAt?: string;
}

export class EventRegistrationRulesDoc {
  @ApiProperty() capacity: number;
  @ApiProperty({ type: [EventQuotaDoc] }) quotas: EventQuotaDoc[];
  @ApiProperty() requiresApproval: boolean;
  @ApiProperty({ example: '2027-05-01' }) deadline: string;
  @ApiProperty({ description: 'hours a freed place stays offered to a waiting entry' }) offerHours: number;
  @ApiProperty({ description: "people one organisation's members may register, placed or waiting (the secretariat may register past it)" }) maxPerOrganisation: number;
}

export class EventPlacesDoc {
  @ApiProperty() taken: number;
  @ApiProperty() free: number;
  @ApiProperty() waiting: number;
}

export class ProgrammeEventDoc {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ enum: ['conference', 'workshop', 'fair', 'study-visit', 'training', 'mentoring-visit'] }) kind: string;
  @ApiProperty({ ...freeForm, example: { ro: 'Atelier: tehnologii noi', en: 'Workshop: new technologies' } }) title: Record<string, string>;
  @ApiProperty({ type: EventPlaceDoc }) place: EventPlaceDoc;
  @ApiProperty({ example: '2027-05-12' }) startsOn: string;
  @ApiProperty({ example: '2027-05-13' }) endsOn: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ format: 'uuid' }) organiserOrganisationId: string;
  @ApiProperty({ type: [EventSessionDoc] }) sessions: EventSessionDoc[];
  @ApiPropertyOptional() planId?: string;
  @ApiProperty({ type: EventRegistrationRulesDoc }) registration: EventRegistrationRulesDoc;
  @ApiProperty({ type: [String], example: ['day:2027-05-12', 'session:opening'] }) checkInLists: string[];
  @ApiProperty({ type: EventPlacesDoc }) places: EventPlacesDoc;
  @ApiProperty() scheduledAt: string;
}

export class ProgrammeEventSummaryDoc {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() kind: string;
  @ApiProperty() country: string;
  @ApiProperty() city: string;
  @ApiPropertyOptional() planId?: string;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty({ ...freeForm }) title: Record<string, string>;
  @ApiProperty() scheduledAt: string;
}

export class ProgrammeEventPageDoc extends PageDoc {
  @ApiProperty({ type: [ProgrammeEventSummaryDoc] }) items: ProgrammeEventSummaryDoc[];
}

export class EventPersonDoc {
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiPropertyOptional({ enum: ['female', 'male', 'other'] }) gender?: string;
}

export class RegistrationDoc {
  @ApiProperty({ format: 'uuid' }) registrationId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() organisationKind: string;
  @ApiProperty() country: string;
  @ApiProperty({ enum: ['exhibitor', 'visitor'] }) participation: string;
  @ApiProperty({ type: [EventPersonDoc], description: 'only to the organisation itself and the secretariat' }) people: EventPersonDoc[];
  @ApiProperty({ description: 'confirmed, pending approval, waiting, offered, rejected, cancelled' }) status: string;
  @ApiProperty({ description: 'place in order of arrival; the waiting list is served in it' }) position: number;
  @ApiPropertyOptional() waitingReason?: string;
  @ApiPropertyOptional() offerUntil?: string;
  @ApiProperty() requestedAt: string;
}

export class EventFiguresDoc {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() capacity: number;
  @ApiProperty({ ...freeForm, description: 'people, byCountry, byOrganisationKind, byGender, byParticipation' }) registered: Record<string, unknown>;
  @ApiProperty({ ...freeForm, description: 'people, byCountry, byOrganisationKind, byGender, byList' }) attended: Record<string, unknown>;
  @ApiProperty() waiting: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'each quota with registered, attended, minimumMet' }) quotas: Record<string, unknown>[];
}

export class PlanTargetDoc {
  @ApiProperty() kind: string;
  @ApiProperty() country: string;
  @ApiProperty() count: number;
}

export class PlanDoc {
  @ApiProperty() planId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [PlanTargetDoc] }) targets: PlanTargetDoc[];
}

export class ProgrammeViewDoc {
  @ApiProperty({ example: '2027-06-01' }) today: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'per plan: targets with planned, scheduled, held, met' }) plans: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'per kind and country: scheduled, held' }) overall: Record<string, unknown>[];
}

export class SurveyInvitationDoc {
  @ApiProperty() email: string;
  @ApiProperty({ description: 'to mail to the person; kept by the service only as a hash' }) code: string;
}

export class SurveyInvitationsDoc {
  @ApiProperty() surveyId: string;
  @ApiProperty({ type: [SurveyInvitationDoc] }) invitations: SurveyInvitationDoc[];
}

export class SurveyResultsDoc {
  @ApiProperty() surveyId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['needs-assessment', 'satisfaction'] }) purpose: string;
  @ApiProperty({ enum: ['registered', 'attendees'] }) audience: string;
  @ApiProperty() anonymous: boolean;
  @ApiProperty() invited: number;
  @ApiProperty() answered: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'per question: answers, average, counts, texts' }) questions: Record<string, unknown>[];
}

export class SurveyAnswerReceiptDoc {
  @ApiProperty() surveyId: string;
  @ApiProperty({ enum: [true] }) answered: boolean;
}

export class SurveyNonRespondentsDoc {
  @ApiProperty() surveyId: string;
  @ApiProperty({ type: [String], description: 'e-mails of those invited who have not answered' }) notAnswered: string[];
}

export class PartnershipStepDoc {
  @ApiProperty({ enum: ['proposed', 'accepted', 'declined', 'withdrawn', 'ended'] }) step: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'who took the step' }) by: string;
  @ApiPropertyOptional() outcome?: string;
}

export class PartnershipDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) proposerOrganisationId: string;
  @ApiProperty({ format: 'uuid' }) partnerOrganisationId: string;
  @ApiProperty({ example: 'Banat breakfast: local bread in hotels' }) title: string;
  @ApiProperty({ example: '2027-01-01' }) from: string;
  @ApiProperty({ example: '2028-12-31' }) until: string;
  @ApiProperty({ type: [String] }) goals: string[];
  @ApiProperty({ enum: ['proposed', 'active', 'declined', 'withdrawn', 'ended'] }) status: string;
  @ApiPropertyOptional() outcome?: string;
  @ApiProperty() proposedAt: string;
  @ApiProperty({ type: [PartnershipStepDoc] }) history: PartnershipStepDoc[];
  @ApiProperty() version: number;
}

export class PartnerNameDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ ...texts }) name: Record<string, string>;
}

export class PublicPartnershipDoc {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) kind: string;
  @ApiProperty({ type: [PartnerNameDoc], description: 'the proposer, then the partner' }) organisations: PartnerNameDoc[];
  @ApiProperty({ example: '2027-01-01' }) from: string;
  @ApiProperty({ example: '2028-12-31' }) until: string;
}

export class PublicPartnershipPageDoc extends PageDoc {
  @ApiProperty({ type: [PublicPartnershipDoc] }) items: PublicPartnershipDoc[];
}
