/** Complaint commands and the decider: lodged by anyone, acknowledged, investigated and decided by independent people. */
import { addDays, dateOf, isAfter } from '../calendar/calendar-date';
import type { FindingSeverity } from '../certificate/certificate';
import { stampOf } from '../shared/command-metadata';
import type { Command, Decider } from '../shared/decider';
import { requireReasons } from '../shared/domain-rule-violation';
import { defaultSchemeCatalogue, findScheme, SchemeCatalogue } from '../schemes/scheme-catalogue';
import type { SealedPersonalData } from '../personal-data/sealed';
import { Complainant, ComplaintEvent, ComplaintOutcome, ComplaintState, evolveComplaint, initialComplaintState } from './complaint';
import {
  ComplainantUnidentified,
  ComplaintAboutUnknownCertificate,
  ComplaintAlreadyAcknowledged,
  ComplaintAlreadyDecided,
  ComplaintAlreadyInvestigated,
  ComplaintAlreadyLodged,
  ComplaintDeciderNotIndependent,
  ComplaintNotAcknowledged,
  ComplaintNotInvestigated,
  ComplaintNotLodged,
  InvestigatorNotAssigned,
  InvestigatorNotIndependent,
  NotTheInvestigator,
} from './complaint.errors';

type Id = { complaintId: string };

/** The certificate as the application layer found it when the complaint arrived; absent if never issued. */
export type CertificateFacts = Readonly<{ holderOrganisationId: string; schemeId: string; schemeVersion: number }>;

/** Who granted the certificate and who took the last decision on it, read by the application layer from its streams. */
type DecisionMakers = { certificationDecidedBy: readonly string[] };

export type LodgeComplaint = Command<
  'LodgeComplaint',
  /** The complainant as identified (`identifyComplainant`) and then sealed by the application layer. */
  Id & { certificateNumber: string; complainant: SealedPersonalData; grounds: string; certificate?: CertificateFacts }
>;
export type AcknowledgeComplaint = Command<'AcknowledgeComplaint', Id>;
export type AssignInvestigator = Command<'AssignInvestigator', Id & DecisionMakers & { investigatorId: string }>;
export type RecordInvestigation = Command<'RecordInvestigation', Id & { summary: string }>;
export type DecideComplaint = Command<
  'DecideComplaint',
  Id & DecisionMakers & { outcome: ComplaintOutcome; reasons: readonly string[]; findingSeverity?: FindingSeverity }
>;

export type ComplaintCommand = LodgeComplaint | AcknowledgeComplaint | AssignInvestigator | RecordInvestigation | DecideComplaint;

type Lodged = ComplaintState & { complaintId: string; certificateNumber: string; decideBy: string };

function requireLodged(state: ComplaintState, complaintId: string): Lodged {
  if (state.status === 'none' || !state.complaintId || !state.certificateNumber || !state.decideBy) throw new ComplaintNotLodged(complaintId);
  return state as Lodged;
}

function requireOpen(state: ComplaintState, complaintId: string): Lodged {
  const lodged = requireLodged(state, complaintId);
  if (lodged.status === 'decided') throw new ComplaintAlreadyDecided(complaintId);
  return lodged;
}

/** The outcome must reach the complainant: a complaint names who makes it and how to reach them (checked before the data is sealed). */
export function identifyComplainant(complainant: Complainant): Complainant {
  const name = complainant.name.trim();
  const contact = complainant.contact.trim();
  if (!name || !contact) throw new ComplainantUnidentified();
  return { name, contact };
}

/** An upheld complaint becomes a finding; without a stated severity it is a minor one. */
const DEFAULT_SEVERITY: FindingSeverity = 'minor';

export function makeComplaintDecider(catalogue: SchemeCatalogue = defaultSchemeCatalogue): Decider<ComplaintState, ComplaintCommand, ComplaintEvent> {
  const decide = (command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] => {
    const stamp = stampOf(command.metadata);
    const today = dateOf(command.metadata.now);
    const { complaintId } = command.data;
    switch (command.type) {
      case 'LodgeComplaint': {
        if (state.status !== 'none') throw new ComplaintAlreadyLodged(complaintId);
        const { certificateNumber, certificate } = command.data;
        if (!certificate) throw new ComplaintAboutUnknownCertificate(certificateNumber);
        const [grounds] = requireReasons([command.data.grounds], 'a complaint');
        const scheme = findScheme(catalogue, certificate.schemeId, certificate.schemeVersion);
        return [
          {
            type: 'ComplaintLodged',
            data: {
              complaintId,
              certificateNumber,
              complainant: command.data.complainant,
              grounds,
              ...certificate,
              decideBy: addDays(today, scheme.complaint.decideWithinDays),
              ...stamp,
            },
          },
        ];
      }
      case 'AcknowledgeComplaint': {
        const lodged = requireOpen(state, complaintId);
        if (lodged.status !== 'lodged') throw new ComplaintAlreadyAcknowledged(complaintId);
        return [{ type: 'ComplaintAcknowledged', data: { complaintId, ...stamp } }];
      }
      case 'AssignInvestigator': {
        const lodged = requireOpen(state, complaintId);
        if (lodged.status === 'lodged') throw new ComplaintNotAcknowledged(complaintId);
        if (lodged.status === 'investigated') throw new ComplaintAlreadyInvestigated(complaintId);
        const { investigatorId, certificationDecidedBy } = command.data;
        if (certificationDecidedBy.includes(investigatorId)) throw new InvestigatorNotIndependent(investigatorId);
        return [{ type: 'ComplaintInvestigatorAssigned', data: { complaintId, investigatorId, ...stamp } }];
      }
      case 'RecordInvestigation': {
        const lodged = requireOpen(state, complaintId);
        if (lodged.status === 'investigated') throw new ComplaintAlreadyInvestigated(complaintId);
        if (!lodged.investigatorId) throw new InvestigatorNotAssigned(complaintId);
        if (command.metadata.actor !== lodged.investigatorId) throw new NotTheInvestigator(command.metadata.actor, lodged.investigatorId);
        const [summary] = requireReasons([command.data.summary], 'an investigation');
        return [{ type: 'ComplaintInvestigated', data: { complaintId, summary, ...stamp } }];
      }
      case 'DecideComplaint': {
        const lodged = requireOpen(state, complaintId);
        if (lodged.status !== 'investigated') throw new ComplaintNotInvestigated(complaintId);
        const decider = command.metadata.actor;
        if (decider === lodged.investigatorId) throw new ComplaintDeciderNotIndependent(decider, 'investigator');
        if (command.data.certificationDecidedBy.includes(decider)) throw new ComplaintDeciderNotIndependent(decider, 'certification-decision');
        const reasons = requireReasons(command.data.reasons, 'a complaint decision');
        const { outcome } = command.data;
        return [
          {
            type: 'ComplaintDecided',
            data: {
              complaintId,
              certificateNumber: lodged.certificateNumber,
              outcome,
              reasons,
              ...(outcome === 'upheld' ? { findingSeverity: command.data.findingSeverity ?? DEFAULT_SEVERITY } : {}),
              decideBy: lodged.decideBy,
              // A late decision is still recorded, flagged, so the missed deadline shows in the audit trail.
              decidedWithinDeadline: !isAfter(today, lodged.decideBy),
              ...stamp,
            },
          },
        ];
      }
    }
  };

  return { decide, evolve: evolveComplaint, initialState: initialComplaintState };
}

export const complaintDecider = makeComplaintDecider();
