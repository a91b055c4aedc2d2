/** The complaint (ISO/IEC 17065 7.13): events, state and evolve. Stream `complaint-<id>`, apart from the certificate it is about. */
import type { CalendarDate } from '../calendar/calendar-date';
import type { Stamp } from '../shared/command-metadata';
import type { Event } from '../shared/decider';
import type { FindingSeverity } from '../certificate/certificate';
import type { SealedPersonalData } from '../personal-data/sealed';

export const complaintStream = (complaintId: string) => `complaint-${complaintId}`;

export type ComplaintOutcome = 'upheld' | 'rejected';
/** Anyone may complain: a buyer, a competitor, a consumer organisation; the contact is how the outcome reaches them. */
export type Complainant = Readonly<{ name: string; contact: string }>;
/** How the history holds the complainant: sealed under their own key (erasable); plain in complaints recorded before sealing. */
export type RecordedComplainant = SealedPersonalData | Complainant;

type Id = { complaintId: string };

export type ComplaintEvent =
  | Event<
      'ComplaintLodged',
      Id &
        Stamp & {
          certificateNumber: string;
          complainant: RecordedComplainant;
          grounds: string;
          holderOrganisationId: string;
          schemeId: string;
          schemeVersion: number;
          decideBy: CalendarDate;
        }
    >
  | Event<'ComplaintAcknowledged', Id & Stamp>
  | Event<'ComplaintInvestigatorAssigned', Id & Stamp & { investigatorId: string }>
  | Event<'ComplaintInvestigated', Id & Stamp & { summary: string }>
  | Event<
      'ComplaintDecided',
      Id &
        Stamp & {
          certificateNumber: string;
          outcome: ComplaintOutcome;
          reasons: readonly string[];
          /** Upheld only: the severity of the finding the complaint becomes on the certificate. */
          findingSeverity?: FindingSeverity;
          decideBy: CalendarDate;
          decidedWithinDeadline: boolean;
        }
    >;

export type ComplaintStatus = 'none' | 'lodged' | 'acknowledged' | 'under-investigation' | 'investigated' | 'decided';

export type ComplaintState = Readonly<{
  status: ComplaintStatus;
  complaintId?: string;
  certificateNumber?: string;
  complainant?: RecordedComplainant;
  grounds?: string;
  holderOrganisationId?: string;
  schemeId?: string;
  schemeVersion?: number;
  lodgedBy?: string;
  lodgedAt?: string;
  decideBy?: CalendarDate;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  investigatorId?: string;
  investigation?: Readonly<{ summary: string; by: string; at: string }>;
  decision?: Readonly<{
    outcome: ComplaintOutcome;
    reasons: readonly string[];
    findingSeverity?: FindingSeverity;
    decidedBy: string;
    decidedAt: string;
    decidedWithinDeadline: boolean;
  }>;
}>;

export const initialComplaintState = (): ComplaintState => ({ status: 'none' });

export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintLodged': {
      const { complaintId, certificateNumber, complainant, grounds, holderOrganisationId, schemeId, schemeVersion, decideBy, actor, at } = event.data;
      return { status: 'lodged', complaintId, certificateNumber, complainant, grounds, holderOrganisationId, schemeId, schemeVersion, decideBy, lodgedBy: actor, lodgedAt: at };
    }
    case 'ComplaintAcknowledged':
      return { ...state, status: 'acknowledged', acknowledgedBy: event.data.actor, acknowledgedAt: event.data.at };
    case 'ComplaintInvestigatorAssigned':
      return { ...state, status: 'under-investigation', investigatorId: event.data.investigatorId };
    case 'ComplaintInvestigated':
      return { ...state, status: 'investigated', investigation: { summary: event.data.summary, by: event.data.actor, at: event.data.at } };
    case 'ComplaintDecided': {
      const { outcome, reasons, findingSeverity, actor, at, decidedWithinDeadline } = event.data;
      return { ...state, status: 'decided', decision: { outcome, reasons, findingSeverity, decidedBy: actor, decidedAt: at, decidedWithinDeadline } };
    }
  }
}
