import type { ClusterServiceCategory, ListingKind, ListingLanguage, MemberRole } from './dto';

/** A listing as the network shows it; `status` is `expired` once its last day has passed. */
export interface ListingView {
  id: string;
  organisationId: string;
  /** The organisation's country, from the network's directory. */
  organisationCountry: string;
  kind: ListingKind;
  title: string;
  description: string;
  naceCodes: string[];
  niceClasses: number[];
  countriesWanted: string[];
  languages: ListingLanguage[];
  expiresOn: string;
  status: 'published' | 'expired' | 'withdrawn';
  publishedAt: string;
  renewedAt?: string;
  withdrawnAt?: string;
  version: number;
}

/** Why an offer fits a request, with the points it adds to the rank. */
export interface MatchReason {
  kind: 'nace' | 'nice' | 'country-wanted' | 'cross-border' | 'language';
  detail: string;
  points: number;
}

export interface MatchView {
  offer: ListingView;
  score: number;
  reasons: MatchReason[];
}

/** An expression of interest as both sides see it; `expired` once its reply deadline has passed unanswered. */
export interface InterestView {
  id: string;
  listingId: string;
  listingTitle: string;
  listingOrganisationId: string;
  fromOrganisationId: string;
  message: string;
  replyBy: string;
  status: 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  expressedAt: string;
  answer?: { message?: string };
  closedAt?: string;
  version: number;
}

/** A membership; the history (who did what, when, why) only to the organisation itself and the secretariat. */
export interface MembershipView {
  organisationId: string;
  organisationCountry: string;
  status: 'applied' | 'active' | 'suspended' | 'rejected' | 'left';
  /** Roles applied for and approved, and `brand-holder` while the organisation holds the brand. */
  roles: MemberRole[];
  brandHolder: boolean;
  joinedAt?: string;
  history?: { step: string; at: string; by: string; roles?: MemberRole[]; reason?: string }[];
  version: number;
}

/** The brand-holder mark: on while a Made in Banat certificate of the organisation is valid, off on suspension, withdrawal or expiry. */
export interface BrandHolderView {
  organisationId: string;
  marked: boolean;
  certificateNumbers: string[];
  /** The latest end of term of those certificates (YYYY-MM-DD). */
  until?: string;
}

export interface PartnershipView {
  id: string;
  kind: 'business' | 'research' | 'cross-border-project' | 'twinning';
  proposerOrganisationId: string;
  partnerOrganisationId: string;
  title: string;
  from: string;
  until: string;
  goals: string[];
  status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'ended';
  outcome?: string;
  proposedAt: string;
  history: { step: 'proposed' | 'accepted' | 'declined' | 'withdrawn' | 'ended'; at: string; by: string; outcome?: string }[];
  version: number;
}

/** An active partnership as anyone may see it: who, what kind, when; no title, goals or history. */
export interface PublicPartnershipView {
  id: string;
  kind: PartnershipView['kind'];
  organisations: { id: string; name: Record<string, string> }[];
  from: string;
  until: string;
}

/** A member organisation of a cluster, from the network's directory. */
export interface ClusterMemberView {
  id: string;
  name: Record<string, string>;
  country: string;
  region: string;
  active: boolean;
  brandHolder: Omit<BrandHolderView, 'organisationId'>;
}

/** An organisation's membership of a cluster: invited by the cluster (which may withdraw the invitation unanswered), accepted or declined by the organisation, which may leave or be removed by the cluster. */
export interface ClusterMembershipView {
  id: string;
  clusterId: string;
  organisationId: string;
  status: 'invited' | 'member' | 'declined' | 'left' | 'withdrawn' | 'removed';
  history: { step: 'listed-before-consent' | 'invited' | 'accepted' | 'declined' | 'left' | 'withdrawn' | 'removed'; at: string; by: string; reason?: string }[];
  version: number;
}

export interface FairView {
  id: string;
  name: string;
  date: string;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  tables: number;
  /** Start times of the meeting slots. */
  slots: string[];
}

export interface MeetingView {
  id: string;
  fairId: string;
  requesterOrganisationId: string;
  inviteeOrganisationId: string;
  slot: string;
  status: 'requested' | 'accepted' | 'declined';
  /** The table booked once the meeting is agreed. */
  table?: number;
  message?: string;
  requestedAt: string;
  answeredAt?: string;
  version: number;
}

export interface FairParticipantView {
  organisationId: string;
  availableSlots: string[];
}

export interface ClusterCatalogueView {
  clusterId: string;
  country: string;
  services: { category: ClusterServiceCategory; title: string; countries: string[] }[];
  version: number;
}

export interface StatedNeedsView {
  organisationId: string;
  country: string;
  categories: ClusterServiceCategory[];
  version: number;
}

/** Per category: the clusters offering it, how many organisations need it, and those no cluster serves in their country. */
export interface ServiceMapView {
  categories: { category: ClusterServiceCategory; offeredBy: { clusterId: string; countries: string[] }[]; neededBy: number; unservedFor: string[] }[];
}

export interface MentoringView {
  id: string;
  kind: 'mentoring' | 'twinning';
  mentorOrganisationId: string;
  menteeOrganisationId: string;
  from: string;
  until: string;
  goals: string[];
  status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'closed';
  meetings: { on: string; notes: string }[];
  outcome?: string;
  proposedAt: string;
  version: number;
}
