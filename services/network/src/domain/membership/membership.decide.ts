import { Decider } from '../shared/decider';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { evolveMembership, initialMembership, MemberRole, Membership, MembershipEvent, MembershipStatus } from './membership';
import { DirectoryOrganisation, MembershipCommand } from './membership.commands';
import { MAX_MEMBER_APPLICATIONS, MembershipAlreadyCurrent, MembershipNotFound, MembershipStepNotAllowed, ReasonRequired, RoleDoesNotFitOrganisation, RoleNotApplicable, RoleNotAppliedFor, RolesRequired, TooManyApplications } from './membership.errors';

/** Roles only some kinds of organisation may hold (registry kinds). */
const ROLE_KINDS: Partial<Record<MemberRole, readonly string[]>> = {
  ngo: ['ngo'],
  'research-institution': ['research-education'],
  'expert-organisation': ['business-support', 'research-education', 'public-body', 'ngo', 'cluster'],
};

function checkRoles(roles: readonly MemberRole[], kind: string): MemberRole[] {
  if (roles.length === 0) throw new RolesRequired();
  for (const role of roles) {
    if (role === 'brand-holder') throw new RoleNotApplicable(role);
    const kinds = ROLE_KINDS[role];
    if (kinds && !kinds.includes(kind)) throw new RoleDoesNotFitOrganisation(role, kind);
  }
  return [...new Set(roles)];
}

const requireReason = (reason: string | undefined, step: string): string => {
  const text = (reason ?? '').trim();
  if (!text) throw new ReasonRequired(step);
  return text;
};

/** Where each step may start from. */
const ALLOWED_FROM: Record<Exclude<MembershipCommand['type'], 'ApplyForMembership'>, { step: string; from: readonly MembershipStatus[] }> = {
  ApproveMembership: { step: 'approved', from: ['applied'] },
  RejectMembership: { step: 'rejected', from: ['applied'] },
  SuspendMembership: { step: 'suspended', from: ['active'] },
  ReinstateMembership: { step: 'reinstated', from: ['suspended'] },
  LeaveNetwork: { step: 'left', from: ['applied', 'active', 'suspended'] },
};

function decideMembership(command: MembershipCommand, state: Membership): MembershipEvent[] {
  const { now: at, actor: by } = command.metadata;
  const organisationId = command.data.organisationId;
  if (command.type === 'ApplyForMembership') {
    const organisation: DirectoryOrganisation | undefined = command.data.organisation;
    if (!organisation || !organisation.active) throw new OrganisationNotRegistered(organisationId);
    if (state.status === 'applied' || state.status === 'active' || state.status === 'suspended') throw new MembershipAlreadyCurrent(organisationId, state.status);
    const roles = checkRoles(command.data.roles, organisation.kind);
    const applications = state.status === 'none' ? 0 : state.history.filter((h) => h.step === 'applied').length;
    if (command.metadata.role !== 'secretariat' && applications >= MAX_MEMBER_APPLICATIONS) throw new TooManyApplications(organisationId);
    return [{ type: 'MembershipApplied', data: { organisationId, organisationCountry: organisation.country, roles, at, by } }];
  }
  if (state.status === 'none') throw new MembershipNotFound(organisationId);
  const allowed = ALLOWED_FROM[command.type];
  if (!allowed.from.includes(state.status)) throw new MembershipStepNotAllowed(allowed.step, state.status);
  switch (command.type) {
    case 'ApproveMembership': {
      // The secretariat may narrow the roles applied for, never add one.
      const roles = command.data.roles ? [...new Set(command.data.roles)] : state.roles;
      if (roles.length === 0) throw new RolesRequired();
      const extra = roles.find((r) => !state.roles.includes(r));
      if (extra) throw new RoleNotAppliedFor(extra);
      return [{ type: 'MembershipApproved', data: { organisationId, roles, at, by } }];
    }
    case 'RejectMembership':
      return [{ type: 'MembershipRejected', data: { organisationId, reason: requireReason(command.data.reason, 'rejected'), at, by } }];
    case 'SuspendMembership':
      return [{ type: 'MembershipSuspended', data: { organisationId, reason: requireReason(command.data.reason, 'suspended'), at, by } }];
    case 'ReinstateMembership':
      return [{ type: 'MembershipReinstated', data: { organisationId, at, by } }];
    case 'LeaveNetwork':
      return [{ type: 'MembershipLeft', data: { organisationId, ...(command.data.reason?.trim() ? { reason: command.data.reason.trim() } : {}), at, by } }];
  }
}

export const membershipDecider: Decider<Membership, MembershipCommand, MembershipEvent> = {
  decide: decideMembership,
  evolve: evolveMembership,
  initialState: initialMembership,
};
