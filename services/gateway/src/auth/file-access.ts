import { HttpException, HttpStatus } from '@nestjs/common';
import { RpcErrorCodes } from '@banat/contracts';
import type { Principal } from './principal';
import type { Role } from './roles';

/** What decides who may read an application file. */
export interface FileOwnership {
  /** The member organisation that applied. */
  organisationId: string;
  /** Actors (token `sub`) of the experts assigned to assess it. */
  assignedExperts?: string[];
}

/** Roles that see every file, whoever owns it. */
const STAFF: Role[] = ['secretariat', 'decision-maker', 'auditor'];

const refuse = (message: string) => new HttpException({ code: RpcErrorCodes.FORBIDDEN, message }, HttpStatus.FORBIDDEN);

/** A member sees only its own organisation's files, an expert only the files assigned to them; staff see all. */
export function assertMayReadFile(user: Principal | undefined, file: FileOwnership): void {
  if (user && STAFF.includes(user.role)) return;
  if (user?.role === 'member' && user.org === file.organisationId) return;
  if (user?.role === 'expert' && file.assignedExperts?.includes(user.actor)) return;
  if (user?.role === 'member') throw refuse('a member organisation sees only its own applications');
  if (user?.role === 'expert') throw refuse('an expert sees only the files assigned to them');
  throw refuse('this file is not public');
}

/** The organisation a listing must be narrowed to: a member's own; undefined (no narrowing) for staff. */
export function organisationScope(user: Principal | undefined): string | undefined {
  if (user?.role === 'member') return user.org;
  if (user && STAFF.includes(user.role)) return undefined;
  throw refuse('this listing is not public');
}
