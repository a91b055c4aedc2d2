/** The application decider: judges each command (application.commands.ts) against the file's history and its scheme. */
import type { Decider } from '../shared/decider';
import { defaultSchemeCatalogue, findScheme, SchemeCatalogue } from '../schemes/scheme-catalogue';
import type { Scheme } from '../schemes/scheme';
import { ApplicationEvent, ApplicationState, evolveApplication, initialApplicationState } from './application';
import type { ApplicationCommand } from './application.commands';
import { ApplicationNotSubmitted } from './application.errors';
import { checkCompleteness, submitApplication, supplementApplication } from './submission';
import { assignExpert, declareConflictOfInterest } from './expert-assignment';
import { submitScores } from './scoring';
import { completeReview } from './review';
import { grantCertification, refuseCertification } from './decision';
import { decideAppeal, lodgeAppeal } from './appeal';

export type * from './application.commands';

export function makeApplicationDecider(
  catalogue: SchemeCatalogue = defaultSchemeCatalogue,
): Decider<ApplicationState, ApplicationCommand, ApplicationEvent> {
  const schemeOf = (state: ApplicationState): Scheme => {
    if (state.status === 'not-submitted' || !state.schemeId) throw new ApplicationNotSubmitted();
    return findScheme(catalogue, state.schemeId, state.schemeVersion);
  };

  const decide = (command: ApplicationCommand, state: ApplicationState): ApplicationEvent[] => {
    switch (command.type) {
      case 'SubmitApplication':
        return submitApplication(command, state, findScheme(catalogue, command.data.schemeId));
      case 'CheckCompleteness':
        return checkCompleteness(command, state, schemeOf(state));
      case 'SupplementApplication':
        return supplementApplication(command, state, schemeOf(state));
      case 'AssignExpert':
        return assignExpert(command, state, schemeOf(state));
      case 'DeclareConflictOfInterest':
        return declareConflictOfInterest(command, state, schemeOf(state));
      case 'SubmitScores':
        return submitScores(command, state, schemeOf(state));
      case 'CompleteReview':
        return completeReview(command, state, schemeOf(state));
      case 'GrantCertification':
        return grantCertification(command, state, schemeOf(state));
      case 'RefuseCertification':
        return refuseCertification(command, state, schemeOf(state));
      case 'LodgeAppeal':
        return lodgeAppeal(command, state, schemeOf(state));
      case 'DecideAppeal':
        return decideAppeal(command, state, schemeOf(state));
    }
  };

  return { decide, evolve: evolveApplication, initialState: initialApplicationState };
}

export const applicationDecider = makeApplicationDecider();
