/** A one-to-one meeting at a fair: requested for a slot, then accepted (with a table) or declined. */
import type { CommandMetadata, Decider } from '../shared/decider';
import { Fair, slotsOf } from './fair';
import { MAX_OPEN_MEETING_REQUESTS, MeetingAlreadyRequested, MeetingNotRequested, MeetingOutsideFairHours, MeetingWithSelf, NotAParticipant, ParticipantNotAvailable, TooManyOpenMeetingRequests, UnknownMeeting } from './meeting.errors';

/** A participant of the fair, with the slots it said it is available at. */
export interface Participant {
  organisationId: string;
  availableSlots: string[];
}

export interface MeetingRequest {
  meetingId: string;
  fairId: string;
  requesterOrganisationId: string;
  inviteeOrganisationId: string;
  slot: string;
  message?: string;
}

export type MeetingEvent =
  | { type: 'MeetingRequested'; data: MeetingRequest & { at: string } }
  | { type: 'MeetingAgreed'; data: { meetingId: string; slot: string; table: number; at: string } }
  | { type: 'MeetingDeclined'; data: { meetingId: string; at: string } };

export type Meeting = { status: 'none' } | (MeetingRequest & { status: 'requested' | 'accepted' | 'declined'; table?: number; requestedAt: string; answeredAt?: string });

export type MeetingCommand =
  /** `openRequests`: the requester's requests at this fair awaiting an answer (invitee and slot of each). */
  | { type: 'RequestMeeting'; data: { meetingId: string; fair: Fair; requester?: Participant; invitee?: Participant; requesterOrganisationId: string; inviteeOrganisationId: string; slot: string; message?: string; openRequests: ReadonlyArray<{ inviteeOrganisationId: string; slot: string }> }; metadata: CommandMetadata }
  /** The table comes from the booking: the application claims it before the meeting is agreed. */
  | { type: 'AcceptMeeting'; data: { meetingId: string; table: number }; metadata: CommandMetadata }
  | { type: 'DeclineMeeting'; data: { meetingId: string }; metadata: CommandMetadata };

/** The slot must be one of the fair's, and both sides there and free by what they published. */
export function checkSlot(fair: Fair, slot: string, participants: readonly Participant[]): void {
  const slots = slotsOf(fair);
  if (!slots.includes(slot)) throw new MeetingOutsideFairHours(slot, slots);
  for (const p of participants) if (!p.availableSlots.includes(slot)) throw new ParticipantNotAvailable(p.organisationId, slot);
}

function decideMeeting(command: MeetingCommand, state: Meeting): MeetingEvent[] {
  const at = command.metadata.now;
  if (command.type === 'RequestMeeting') {
    const { fair, requester, invitee, requesterOrganisationId, inviteeOrganisationId, slot, meetingId, message, openRequests } = command.data;
    if (requesterOrganisationId === inviteeOrganisationId) throw new MeetingWithSelf();
    if (!requester) throw new NotAParticipant(requesterOrganisationId, fair.fairId);
    if (!invitee) throw new NotAParticipant(inviteeOrganisationId, fair.fairId);
    checkSlot(fair, slot, [requester, invitee]);
    if (openRequests.some((r) => r.inviteeOrganisationId === inviteeOrganisationId && r.slot === slot)) throw new MeetingAlreadyRequested(inviteeOrganisationId, slot);
    if (openRequests.length >= MAX_OPEN_MEETING_REQUESTS) throw new TooManyOpenMeetingRequests(requesterOrganisationId, fair.fairId);
    return [{ type: 'MeetingRequested', data: { meetingId, fairId: fair.fairId, requesterOrganisationId, inviteeOrganisationId, slot, ...(message ? { message } : {}), at } }];
  }
  if (state.status === 'none') throw new UnknownMeeting(command.data.meetingId);
  if (state.status !== 'requested') throw new MeetingNotRequested(state.meetingId, state.status);
  if (command.type === 'AcceptMeeting') return [{ type: 'MeetingAgreed', data: { meetingId: state.meetingId, slot: state.slot, table: command.data.table, at } }];
  return [{ type: 'MeetingDeclined', data: { meetingId: state.meetingId, at } }];
}

function evolveMeeting(state: Meeting, event: MeetingEvent): Meeting {
  if (event.type === 'MeetingRequested') {
    const { at, ...request } = event.data;
    return { ...request, status: 'requested', requestedAt: at };
  }
  if (state.status === 'none') return state;
  if (event.type === 'MeetingAgreed') return { ...state, status: 'accepted', table: event.data.table, answeredAt: event.data.at };
  return { ...state, status: 'declined', answeredAt: event.data.at };
}

export const meetingDecider: Decider<Meeting, MeetingCommand, MeetingEvent> = {
  decide: decideMeeting,
  evolve: evolveMeeting,
  initialState: () => ({ status: 'none' }),
};
