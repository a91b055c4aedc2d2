import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { evolveMembership, initialMembership, MembershipEvent } from './membership';
import { MembershipCommand } from './membership.commands';
import { membershipDecider } from './membership.decide';
import { MAX_MEMBER_APPLICATIONS, MembershipAlreadyCurrent, MembershipNotFound, MembershipStepNotAllowed, ReasonRequired, RoleDoesNotFitOrganisation, RoleNotApplicable, RoleNotAppliedFor, RolesRequired, TooManyApplications } from './membership.errors';

const given = deciderSpecificationFor(membershipDecider);
const organisationId = 'org-pekara';
const pekara = { id: organisationId, country: 'RS', kind: 'sme', active: true };
const by = (actor: string, role: string, day: string) => ({ now: `${day}T09:00:00.000Z`, actor, role });
const member = (day = '2026-12-01') => by('milan', 'member', day);
const secretariat = (day = '2026-12-02') => by('sec', 'secretariat', day);

const apply = (roles: string[] = ['partner'], organisation: typeof pekara | null = pekara): MembershipCommand => ({
  type: 'ApplyForMembership',
  data: { organisationId, organisation: organisation ?? undefined, roles: roles as never },
  metadata: member(),
});
const applied: MembershipEvent = { type: 'MembershipApplied', data: { organisationId, organisationCountry: 'RS', roles: ['partner'], at: '2026-12-01T09:00:00.000Z', by: 'milan' } };
const approved: MembershipEvent = { type: 'MembershipApproved', data: { organisationId, roles: ['partner'], at: '2026-12-02T09:00:00.000Z', by: 'sec' } };
const suspended: MembershipEvent = { type: 'MembershipSuspended', data: { organisationId, reason: 'unpaid fee', at: '2026-12-03T09:00:00.000Z', by: 'sec' } };
const left: MembershipEvent = { type: 'MembershipLeft', data: { organisationId, at: '2026-12-04T09:00:00.000Z', by: 'milan' } };
const cmd = (type: Exclude<MembershipCommand['type'], 'ApplyForMembership'>, extra: Record<string, unknown> = {}, metadata = secretariat()): MembershipCommand =>
  ({ type, data: { organisationId, ...extra }, metadata }) as MembershipCommand;

describe('applying for membership', () => {
  it(`lets an organisation's members apply at most ${MAX_MEMBER_APPLICATIONS} times (apply and leave without end grew its history); the secretariat past it`, () => {
    const cycles = (n: number): MembershipEvent[] => Array.from({ length: n }, () => [applied, left]).flat();
    given(cycles(MAX_MEMBER_APPLICATIONS - 1)).when(apply()).then([applied]);
    given(cycles(MAX_MEMBER_APPLICATIONS)).when(apply()).thenThrows(TooManyApplications, { organisationId, max: MAX_MEMBER_APPLICATIONS });
    given(cycles(MAX_MEMBER_APPLICATIONS)).when({ ...apply(), metadata: secretariat() }).then([{ ...applied, data: { ...applied.data, at: '2026-12-02T09:00:00.000Z', by: 'sec' } }]);
  });

  it('a registered organisation applies with its roles', () => {
    given([]).when(apply()).then([applied]);
  });

  it('refuses an organisation the directory does not know or that was deactivated', () => {
    given([]).when(apply(['partner'], null)).thenThrows(OrganisationNotRegistered);
    given([]).when(apply(['partner'], { ...pekara, active: false })).thenThrows(OrganisationNotRegistered);
  });

  it('refuses the brand-holder role (it follows certification), no role, and a role the kind of organisation cannot hold', () => {
    given([]).when(apply(['brand-holder'])).thenThrows(RoleNotApplicable);
    given([]).when(apply([])).thenThrows(RolesRequired);
    given([]).when(apply(['research-institution'])).thenThrows(RoleDoesNotFitOrganisation, { role: 'research-institution', kind: 'sme' });
    given([]).when(apply(['research-institution'], { ...pekara, kind: 'research-education' })).then([{ ...applied, data: { ...applied.data, roles: ['research-institution'] } }]);
  });

  it('refuses a second application while one is pending or the membership runs; allows one after leaving', () => {
    given([applied]).when(apply()).thenThrows(MembershipAlreadyCurrent, { status: 'applied' });
    given([applied, approved, suspended]).when(apply()).thenThrows(MembershipAlreadyCurrent, { status: 'suspended' });
    given([applied, approved, left]).when(apply()).then([applied]);
  });
});

describe('approving, suspending, reinstating, leaving', () => {
  it('the secretariat approves what was applied for, or fewer roles, never more', () => {
    given([applied]).when(cmd('ApproveMembership')).then([approved]);
    given([applied]).when(cmd('ApproveMembership', { roles: ['ngo'] })).thenThrows(RoleNotAppliedFor);
    given([applied]).when(cmd('ApproveMembership', { roles: [] })).thenThrows(RolesRequired);
  });

  it('suspends an active membership with a reason, reinstates a suspended one', () => {
    given([applied, approved]).when(cmd('SuspendMembership', { reason: 'unpaid fee' }, by('sec', 'secretariat', '2026-12-03'))).then([suspended]);
    given([applied, approved]).when(cmd('SuspendMembership', { reason: ' ' })).thenThrows(ReasonRequired);
    given([applied, approved, suspended]).when(cmd('ReinstateMembership', {}, by('sec', 'secretariat', '2026-12-05'))).then([
      { type: 'MembershipReinstated', data: { organisationId, at: '2026-12-05T09:00:00.000Z', by: 'sec' } },
    ]);
  });

  it('refuses a step the status does not allow', () => {
    given([applied]).when(cmd('SuspendMembership', { reason: 'x' })).thenThrows(MembershipStepNotAllowed, { step: 'suspended', status: 'applied' });
    given([applied, approved]).when(cmd('ApproveMembership')).thenThrows(MembershipStepNotAllowed);
    given([applied, approved]).when(cmd('ReinstateMembership')).thenThrows(MembershipStepNotAllowed);
    given([applied, approved, left]).when(cmd('LeaveNetwork', {}, member())).thenThrows(MembershipStepNotAllowed, { status: 'left' });
    given([]).when(cmd('ApproveMembership')).thenThrows(MembershipNotFound);
  });

  it('a member leaves, suspended or not', () => {
    given([applied, approved, suspended]).when(cmd('LeaveNetwork', {}, by('milan', 'member', '2026-12-04'))).then([left]);
  });

  it('keeps every step in the history, with who and why', () => {
    const state = [applied, approved, suspended, left].reduce(evolveMembership, initialMembership());
    expect(state).toMatchObject({
      status: 'left',
      roles: ['partner'],
      joinedAt: '2026-12-02T09:00:00.000Z',
      history: [
        { step: 'applied', by: 'milan', roles: ['partner'] },
        { step: 'approved', by: 'sec', roles: ['partner'] },
        { step: 'suspended', by: 'sec', reason: 'unpaid fee' },
        { step: 'left', by: 'milan' },
      ],
    });
  });
});
