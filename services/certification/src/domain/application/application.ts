/** The application file: events, state and evolve. Stream `application-<id>`; appeals live here too. */
import type { CalendarDate } from '../calendar/calendar-date';
import type { Event } from '../shared/decider';
import type { Stamp } from '../shared/command-metadata';

export type Applicant = Readonly<{ organisationId: string; country: string; region: string }>;
export type Product = Readonly<{ name: string; niceClass?: number }>;
export type EvidenceRef = Readonly<{ kind: string; ref: string }>;
export type CriterionScore = Readonly<{ criterionId: string; score: number; justification: string }>;
export type CriterionResult = Readonly<{
  criterionId: string;
  meanScore: number;
  passThreshold: number;
  met: boolean;
}>;
export type AssessmentSummary = Readonly<{
  criteria: readonly CriterionResult[];
  overallPercent: number;
  regionalRawMaterialShare: Readonly<{ declared: number; required?: number; met: boolean }>;
  overallMet: boolean;
}>;

type Id = { applicationId: string };

export type ApplicationEvent =
  | Event<
      'ApplicationSubmitted',
      Id &
        Stamp & {
          schemeId: string;
          schemeVersion: number;
          applicant: Applicant;
          products: readonly Product[];
          declaredRegionalRawMaterialShare: number;
          evidence: readonly EvidenceRef[];
        }
    >
  | Event<'ApplicationReturnedIncomplete', Id & Stamp & { missingEvidence: readonly string[]; reason: string }>
  | Event<'ApplicationSupplemented', Id & Stamp & { evidence: readonly EvidenceRef[] }>
  | Event<'CompletenessConfirmed', Id & Stamp>
  | Event<'ExpertAssigned', Id & Stamp & { expertId: string; expertOrganisationId: string }>
  | Event<'ConflictOfInterestDeclared', Id & Stamp & { expertId: string; hasConflict: boolean; statement: string }>
  | Event<'ExpertRemoved', Id & Stamp & { expertId: string; reason: string }>
  | Event<'ScoresSubmitted', Id & Stamp & { expertId: string; scores: readonly CriterionScore[] }>
  | Event<'ReviewCompleted', Id & Stamp & { assessedOn: CalendarDate; summary: AssessmentSummary; remarks: string }>
  | Event<
      'CertificationGranted',
      Id &
        Stamp & {
          certificateNumber: string;
          holder: Applicant;
          schemeId: string;
          schemeVersion: number;
          products: readonly Product[];
          validFrom: CalendarDate;
          validUntil: CalendarDate;
          reasons: readonly string[];
        }
    >
  | Event<'CertificationRefused', Id & Stamp & { reasons: readonly string[] }>
  | Event<'AppealLodged', Id & Stamp & { appealId: string; grounds: string; decideBy: CalendarDate }>
  | Event<
      'AppealDecided',
      Id &
        Stamp & {
          appealId: string;
          outcome: 'upheld' | 'dismissed';
          panel: readonly string[];
          reasons: readonly string[];
          decidedWithinDeadline: boolean;
        }
    >;

export type ApplicationStatus =
  | 'not-submitted'
  | 'submitted'
  | 'returned-incomplete'
  | 'complete'
  | 'reviewed'
  | 'granted'
  | 'refused';

export type AssignedExpert = Readonly<{
  expertId: string;
  organisationId: string;
  declaredNoConflict: boolean;
  scores?: readonly CriterionScore[];
  assessedAt?: string;
}>;

export type Decision = Readonly<{ outcome: 'granted' | 'refused'; decidedBy: string; decidedAt: string; reasons: readonly string[] }>;

export type Appeal = Readonly<{
  appealId: string;
  lodgedAt: string;
  decideBy: CalendarDate;
  outcome?: 'upheld' | 'dismissed';
  panel?: readonly string[];
}>;

export type ApplicationState = Readonly<{
  status: ApplicationStatus;
  applicationId?: string;
  schemeId?: string;
  schemeVersion?: number;
  applicant?: Applicant;
  products: readonly Product[];
  declaredRegionalRawMaterialShare?: number;
  evidence: readonly EvidenceRef[];
  missingEvidence: readonly string[];
  experts: readonly AssignedExpert[];
  /** Experts who declared a conflict on this file may never be assigned to it again. */
  expertsWithConflict: readonly string[];
  reviewedBy?: string;
  assessedOn?: CalendarDate;
  summary?: AssessmentSummary;
  decision?: Decision;
  /** Earlier decisions set aside on appeal, kept so the file's history reads in one place. */
  setAsideDecisions: readonly Decision[];
  appeals: readonly Appeal[];
  /**
   * Everyone who ever assessed the file (assigned, even if removed since), declared a conflict on it,
   * reviewed it, decided it or sat on an appeal panel about it: none may review, decide or judge an appeal on it.
   */
  everInvolved: readonly string[];
}>;

export const initialApplicationState = (): ApplicationState => ({
  status: 'not-submitted',
  products: [],
  evidence: [],
  missingEvidence: [],
  experts: [],
  expertsWithConflict: [],
  setAsideDecisions: [],
  appeals: [],
  everInvolved: [],
});

const involving = (state: ApplicationState, people: readonly string[]): readonly string[] => {
  const added = people.filter((p) => !state.everInvolved.includes(p));
  return added.length === 0 ? state.everInvolved : [...state.everInvolved, ...added];
};

const updateExpert = (state: ApplicationState, expertId: string, change: Partial<AssignedExpert>) =>
  state.experts.map((e) => (e.expertId === expertId ? { ...e, ...change } : e));

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted': {
      const { applicationId, schemeId, schemeVersion, applicant, products, declaredRegionalRawMaterialShare, evidence } =
        event.data;
      return {
        ...state,
        status: 'submitted',
        applicationId,
        schemeId,
        schemeVersion,
        applicant,
        products,
        declaredRegionalRawMaterialShare,
        evidence,
      };
    }
    case 'ApplicationReturnedIncomplete':
      return { ...state, status: 'returned-incomplete', missingEvidence: event.data.missingEvidence };
    case 'ApplicationSupplemented':
      return { ...state, status: 'submitted', evidence: [...state.evidence, ...event.data.evidence] };
    case 'CompletenessConfirmed':
      return { ...state, status: 'complete', missingEvidence: [] };
    case 'ExpertAssigned':
      return {
        ...state,
        everInvolved: involving(state, [event.data.expertId]),
        experts: [
          ...state.experts,
          { expertId: event.data.expertId, organisationId: event.data.expertOrganisationId, declaredNoConflict: false },
        ],
      };
    case 'ConflictOfInterestDeclared':
      return event.data.hasConflict
        ? { ...state, expertsWithConflict: [...state.expertsWithConflict, event.data.expertId], everInvolved: involving(state, [event.data.expertId]) }
        : { ...state, experts: updateExpert(state, event.data.expertId, { declaredNoConflict: true }) };
    case 'ExpertRemoved':
      // The removed expert's scores go with them: an assessment stands only on experts without conflict.
      return { ...state, experts: state.experts.filter((e) => e.expertId !== event.data.expertId) };
    case 'ScoresSubmitted':
      return { ...state, experts: updateExpert(state, event.data.expertId, { scores: event.data.scores, assessedAt: event.data.at }) };
    case 'ReviewCompleted':
      return { ...state, status: 'reviewed', reviewedBy: event.data.actor, assessedOn: event.data.assessedOn, summary: event.data.summary, everInvolved: involving(state, [event.data.actor]) };
    case 'CertificationGranted':
    case 'CertificationRefused': {
      const outcome = event.type === 'CertificationGranted' ? 'granted' : 'refused';
      const decision: Decision = { outcome, decidedBy: event.data.actor, decidedAt: event.data.at, reasons: event.data.reasons };
      return { ...state, status: outcome, decision, everInvolved: involving(state, [event.data.actor]) };
    }
    case 'AppealLodged':
      return {
        ...state,
        appeals: [...state.appeals, { appealId: event.data.appealId, lodgedAt: event.data.at, decideBy: event.data.decideBy }],
      };
    case 'AppealDecided': {
      const appeals = state.appeals.map((a) =>
        a.appealId === event.data.appealId ? { ...a, outcome: event.data.outcome, panel: event.data.panel } : a,
      );
      const everInvolved = involving(state, [event.data.actor, ...event.data.panel]);
      if (event.data.outcome === 'dismissed' || !state.decision) return { ...state, appeals, everInvolved };
      // An upheld appeal sets the refusal aside: the reviewed file awaits a new decision.
      return {
        ...state,
        appeals,
        everInvolved,
        status: 'reviewed',
        decision: undefined,
        setAsideDecisions: [...state.setAsideDecisions, state.decision],
      };
    }
  }
}
