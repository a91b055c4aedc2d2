/** An organisation's membership of the network: applied, approved, suspended, left; with its roles and every step kept. */
import type { MemberRole } from '@banat/contracts';

export type { MemberRole };

export type MembershipStatus = 'applied' | 'active' | 'suspended' | 'rejected' | 'left';

interface Step {
  at: string;
  by: string;
}

export type MembershipEvent =
  | { type: 'MembershipApplied'; data: Step & { organisationId: string; organisationCountry: string; roles: MemberRole[] } }
  | { type: 'MembershipApproved'; data: Step & { organisationId: string; roles: MemberRole[] } }
  | { type: 'MembershipRejected'; data: Step & { organisationId: string; reason: string } }
  | { type: 'MembershipSuspended'; data: Step & { organisationId: string; reason: string } }
  | { type: 'MembershipReinstated'; data: Step & { organisationId: string } }
  | { type: 'MembershipLeft'; data: Step & { organisationId: string; reason?: string } };

export interface HistoryEntry {
  step: 'applied' | 'approved' | 'rejected' | 'suspended' | 'reinstated' | 'left';
  at: string;
  by: string;
  roles?: MemberRole[];
  reason?: string;
}

export type Membership =
  | { status: 'none' }
  | { organisationId: string; organisationCountry: string; status: MembershipStatus; roles: MemberRole[]; joinedAt?: string; history: HistoryEntry[] };

export const initialMembership = (): Membership => ({ status: 'none' });

const STEP: Record<MembershipEvent['type'], HistoryEntry['step']> = {
  MembershipApplied: 'applied',
  MembershipApproved: 'approved',
  MembershipRejected: 'rejected',
  MembershipSuspended: 'suspended',
  MembershipReinstated: 'reinstated',
  MembershipLeft: 'left',
};

const STATUS: Record<MembershipEvent['type'], MembershipStatus> = {
  MembershipApplied: 'applied',
  MembershipApproved: 'active',
  MembershipRejected: 'rejected',
  MembershipSuspended: 'suspended',
  MembershipReinstated: 'active',
  MembershipLeft: 'left',
};

export function evolveMembership(state: Membership, event: MembershipEvent): Membership {
  const { at, by } = event.data;
  const entry: HistoryEntry = {
    step: STEP[event.type],
    at,
    by,
    ...('roles' in event.data ? { roles: event.data.roles } : {}),
    ...('reason' in event.data && event.data.reason ? { reason: event.data.reason } : {}),
  };
  if (event.type === 'MembershipApplied') {
    const history = state.status === 'none' ? [] : state.history;
    return { organisationId: event.data.organisationId, organisationCountry: event.data.organisationCountry, status: 'applied', roles: event.data.roles, history: [...history, entry] };
  }
  if (state.status === 'none') return state;
  return {
    ...state,
    status: STATUS[event.type],
    ...(event.type === 'MembershipApproved' ? { roles: event.data.roles, joinedAt: at } : {}),
    history: [...state.history, entry],
  };
}
