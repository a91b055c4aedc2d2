import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** The programme's roles. A token carries one; an endpoint declares which it allows. */
export const ROLES = ['secretariat', 'expert', 'decision-maker', 'auditor', 'member', 'partner', 'public'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'banat:roles';
/** Declares the roles an endpoint allows. An endpoint with no declaration is open to anyone ('public'). */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));
