/** Assigning experts who declare, and are checked for, no conflict of interest (ISO/IEC 17065 7.4, 4.2). */
import { stampOf } from '../shared/command-metadata';
import type { Scheme } from '../schemes/scheme';
import type { ApplicationEvent, ApplicationState } from './application';
import type { AssignExpert, DeclareConflictOfInterest } from './application.commands';
import { AssessmentClosed, ConflictAlreadyDeclared, ConflictOfInterest, ExpertAlreadyAssigned, ExpertNotAssigned, ExpertOrganisationInactive, ExpertOrganisationUnknown, FileIncomplete } from './application.errors';

/** Experts are assigned and declare only while the file is complete and not yet reviewed. */
export function requireOpenAssessment(state: ApplicationState, step: string): void {
  if (state.status === 'submitted' || state.status === 'returned-incomplete') throw new FileIncomplete(step);
  if (state.status !== 'complete') throw new AssessmentClosed(state.status);
}

/**
 * Everything about an assignment that needs no word from the registry: judged on the file alone, so the service can refuse it
 * (or find no file) before asking the registry, and answer so while the registry is down.
 */
export function requireExpertAssignable(state: ApplicationState, { expertId, expertOrganisationId }: { expertId: string; expertOrganisationId: string }): void {
  requireOpenAssessment(state, 'assigning an expert');
  if (expertOrganisationId === state.applicant?.organisationId) throw new ConflictOfInterest(expertId, 'same-organisation');
  if (state.expertsWithConflict.includes(expertId)) throw new ConflictOfInterest(expertId, 'declared');
  if (state.experts.some((e) => e.expertId === expertId)) throw new ExpertAlreadyAssigned(expertId);
}

export function assignExpert(command: AssignExpert, state: ApplicationState, _scheme: Scheme): ApplicationEvent[] {
  const { applicationId, expertId, expertOrganisation } = command.data;
  const expertOrganisationId = expertOrganisation.organisationId;
  requireExpertAssignable(state, { expertId, expertOrganisationId });
  // An id the registry does not know passes the independence rule above unnoticed; one it deactivated names no organisation working now.
  if (!expertOrganisation.registered) throw new ExpertOrganisationUnknown(expertOrganisationId);
  if (!expertOrganisation.active) throw new ExpertOrganisationInactive(expertOrganisationId, expertOrganisation.deactivatedAt);
  return [{ type: 'ExpertAssigned', data: { applicationId, expertId, expertOrganisationId, ...stampOf(command.metadata) } }];
}

/** An expert who declares a conflict is removed at once, with any scores already given. */
export function declareConflictOfInterest(
  command: DeclareConflictOfInterest,
  state: ApplicationState,
  _scheme: Scheme,
): ApplicationEvent[] {
  requireOpenAssessment(state, 'declaring on conflicts of interest');
  const expertId = command.metadata.actor;
  const expert = state.experts.find((e) => e.expertId === expertId);
  if (!expert) throw new ExpertNotAssigned(expertId);
  const { applicationId, hasConflict, statement } = command.data;
  const stamp = stampOf(command.metadata);
  const declared: ApplicationEvent = {
    type: 'ConflictOfInterestDeclared',
    data: { applicationId, expertId, hasConflict, statement, ...stamp },
  };
  if (!hasConflict) {
    if (expert.declaredNoConflict) throw new ConflictAlreadyDeclared(expertId);
    return [declared];
  }
  return [declared, { type: 'ExpertRemoved', data: { applicationId, expertId, reason: 'conflict of interest declared', ...stamp } }];
}
