import { RpcErrorCodes } from '@banat/contracts';
import { currentContext, forbidden, RpcFailure } from '@banat/messaging';
import { contactRequestsReadRefusal, editRefusal, ExhibitorRuleViolation, ThemeRuleViolation } from '../domain';

/** A broken rule as the caller gets it: 422 with the rule's name and the field it is about. */
export const violated = (v: ExhibitorRuleViolation | ThemeRuleViolation) =>
  new RpcFailure({ code: RpcErrorCodes.RULE_VIOLATED, rule: v.rule, message: v.reason, fields: [{ field: v.field, reason: v.reason }] });

/** Only the organisation's members and the secretariat edit a booth: otherwise 403 OwnOrganisationOnly. */
export function assertMayEdit(organisationId: string): void {
  const ctx = currentContext();
  const refusal = editRefusal({ role: ctx?.role, org: ctx?.org }, organisationId);
  if (refusal) throw forbidden(refusal, 'OwnOrganisationOnly');
}

/** Only the booth's own organisation and the secretariat read its contact requests: otherwise 403 OwnOrganisationOnly. */
export function assertMayReadContactRequests(organisationId: string): void {
  const ctx = currentContext();
  const refusal = contactRequestsReadRefusal({ role: ctx?.role, org: ctx?.org }, organisationId);
  if (refusal) throw forbidden(refusal, 'OwnOrganisationOnly');
}

export function assertSecretariat(what: string): void {
  if (currentContext()?.role !== 'secretariat') throw forbidden(`${what} is done by the secretariat only`, 'SecretariatOnly');
}
