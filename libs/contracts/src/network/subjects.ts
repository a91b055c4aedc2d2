import { rpc } from '../subjects';

/** Request/reply subjects of the network's offer and demand exchange. */
export const NetworkExchangeSubjects = {
  publishListing: rpc('network', 'listing.publish'),
  renewListing: rpc('network', 'listing.renew'),
  withdrawListing: rpc('network', 'listing.withdraw'),
  getListing: rpc('network', 'listing.get'),
  searchListings: rpc('network', 'listing.search'),
  ownListings: rpc('network', 'listing.own'),
  matchesForRequest: rpc('network', 'listing.matches'),
  expressInterest: rpc('network', 'interest.express'),
  answerInterest: rpc('network', 'interest.answer'),
  withdrawInterest: rpc('network', 'interest.withdraw'),
  getInterest: rpc('network', 'interest.get'),
  listInterests: rpc('network', 'interest.list'),
  applyForMembership: rpc('network', 'membership.apply'),
  approveMembership: rpc('network', 'membership.approve'),
  rejectMembership: rpc('network', 'membership.reject'),
  suspendMembership: rpc('network', 'membership.suspend'),
  reinstateMembership: rpc('network', 'membership.reinstate'),
  leaveNetwork: rpc('network', 'membership.leave'),
  getMembership: rpc('network', 'membership.get'),
  listMembers: rpc('network', 'membership.list'),
  listBrandHolders: rpc('network', 'brand-holder.list'),
  planFair: rpc('network', 'fair.plan'),
  getFair: rpc('network', 'fair.get'),
  joinFair: rpc('network', 'fair.join'),
  participantsWithoutMeeting: rpc('network', 'fair.participants-without-meeting'),
  requestMeeting: rpc('network', 'meeting.request'),
  acceptMeeting: rpc('network', 'meeting.accept'),
  declineMeeting: rpc('network', 'meeting.decline'),
  agenda: rpc('network', 'meeting.agenda'),
  setClusterCatalogue: rpc('network', 'cluster.catalogue.set'),
  getClusterCatalogue: rpc('network', 'cluster.catalogue.get'),
  clusterMembers: rpc('network', 'cluster.members'),
  inviteToCluster: rpc('network', 'cluster.invite'),
  acceptClusterInvitation: rpc('network', 'cluster.invitation.accept'),
  declineClusterInvitation: rpc('network', 'cluster.invitation.decline'),
  leaveCluster: rpc('network', 'cluster.leave'),
  withdrawClusterInvitation: rpc('network', 'cluster.invitation.withdraw'),
  removeClusterMember: rpc('network', 'cluster.member.remove'),
  getClusterMembership: rpc('network', 'cluster.membership.get'),
  clusterInvitations: rpc('network', 'cluster.invitations'),
  stateNeeds: rpc('network', 'needs.state'),
  serviceMap: rpc('network', 'cluster.service-map'),
  proposeMentoring: rpc('network', 'mentoring.propose'),
  answerMentoring: rpc('network', 'mentoring.answer'),
  recordMentoringMeeting: rpc('network', 'mentoring.meeting'),
  closeMentoring: rpc('network', 'mentoring.close'),
  withdrawMentoring: rpc('network', 'mentoring.withdraw'),
  getMentoring: rpc('network', 'mentoring.get'),
  proposePartnership: rpc('network', 'partnership.propose'),
  acceptPartnership: rpc('network', 'partnership.accept'),
  declinePartnership: rpc('network', 'partnership.decline'),
  endPartnership: rpc('network', 'partnership.end'),
  withdrawPartnership: rpc('network', 'partnership.withdraw'),
  getPartnership: rpc('network', 'partnership.get'),
  activePartnerships: rpc('network', 'partnership.active'),
} as const;

/** CloudEvents `source` of the network's integration events. */
export const NETWORK_EVENT_SOURCE = 'urn:madeinbanat:network';

const event = (entity: string, name: string) => ({
  subject: `network.${entity}.${name}.v1`,
  type: `eu.madeinbanat.network.${entity}.${name}.v1`,
});

/** Integration events the network publishes (under the public prefix). */
export const NetworkEvents = {
  listingPublished: event('listing', 'published'),
  matchSuggested: event('match', 'suggested'),
  memberJoined: event('member', 'joined'),
  memberLeft: event('member', 'left'),
  meetingAgreed: event('meeting', 'agreed'),
  mentoringStarted: event('mentoring', 'started'),
  partnershipAgreed: event('partnership', 'agreed'),
} as const;
