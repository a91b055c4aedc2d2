import type { CommandMetadata } from '../shared/decider';
import type { MemberRole } from './membership';

/** The organisation as the directory knows it, with its kind (roles must fit it). */
export interface DirectoryOrganisation {
  id: string;
  country: string;
  kind: string;
  active: boolean;
}

export type MembershipCommand =
  | { type: 'ApplyForMembership'; data: { organisationId: string; organisation?: DirectoryOrganisation; roles: MemberRole[] }; metadata: CommandMetadata }
  | { type: 'ApproveMembership'; data: { organisationId: string; roles?: MemberRole[] }; metadata: CommandMetadata }
  | { type: 'RejectMembership'; data: { organisationId: string; reason: string }; metadata: CommandMetadata }
  | { type: 'SuspendMembership'; data: { organisationId: string; reason: string }; metadata: CommandMetadata }
  | { type: 'ReinstateMembership'; data: { organisationId: string }; metadata: CommandMetadata }
  | { type: 'LeaveNetwork'; data: { organisationId: string; reason?: string }; metadata: CommandMetadata };
