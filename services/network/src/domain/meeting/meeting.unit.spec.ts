import { deciderSpecificationFor } from '../shared/decider-spec';
import { Fair, FairHoursInvalid, FairInPast, planFair, slotsOf } from './fair';
import { MeetingCommand, MeetingEvent, meetingDecider } from './meeting';
import { MAX_OPEN_MEETING_REQUESTS, MeetingAlreadyRequested, MeetingNotRequested, MeetingOutsideFairHours, MeetingWithSelf, NotAParticipant, ParticipantNotAvailable, TooManyOpenMeetingRequests, UnknownMeeting } from './meeting.errors';

const given = deciderSpecificationFor(meetingDecider);
const fair: Fair = { fairId: 'fair-1', name: 'Banat B2B days', date: '2027-03-10', opensAt: '09:00', closesAt: '11:00', slotMinutes: 30, tables: 2 };
const hotel = { organisationId: 'org-hotel', availableSlots: ['09:00', '09:30', '10:30'] };
const pekara = { organisationId: 'org-pekara', availableSlots: ['09:30', '10:00', '10:30'] };
const now = { now: '2027-03-01T09:00:00.000Z', actor: 'ana', role: 'member' };
const meetingId = 'meeting-1';

const request = (changes: Partial<Extract<MeetingCommand, { type: 'RequestMeeting' }>['data']> = {}): MeetingCommand => ({
  type: 'RequestMeeting',
  data: { meetingId, fair, requester: hotel, invitee: pekara, requesterOrganisationId: 'org-hotel', inviteeOrganisationId: 'org-pekara', slot: '09:30', openRequests: [], ...changes },
  metadata: now,
});
const requested: MeetingEvent = { type: 'MeetingRequested', data: { meetingId, fairId: 'fair-1', requesterOrganisationId: 'org-hotel', inviteeOrganisationId: 'org-pekara', slot: '09:30', at: now.now } };
const agreed: MeetingEvent = { type: 'MeetingAgreed', data: { meetingId, slot: '09:30', table: 2, at: now.now } };

describe("the fair's slots", () => {
  it('cuts the opening hours into slots that end by closing time', () => {
    expect(slotsOf(fair)).toEqual(['09:00', '09:30', '10:00', '10:30']);
    expect(slotsOf({ ...fair, closesAt: '10:50' })).toEqual(['09:00', '09:30', '10:00']);
    expect(slotsOf({ ...fair, slotMinutes: 45 })).toEqual(['09:00', '09:45']);
  });

  it('refuses a fair with no room for a slot, or on a day past', () => {
    expect(() => planFair({ ...fair, closesAt: '09:20' }, '2027-03-01')).toThrow(FairHoursInvalid);
    expect(() => planFair({ ...fair, closesAt: '08:00' }, '2027-03-01')).toThrow(FairHoursInvalid);
    expect(() => planFair(fair, '2027-03-11')).toThrow(FairInPast);
    expect(planFair(fair, '2027-03-10')).toEqual(fair);
  });
});

describe('requesting a meeting', () => {
  it('asks the other participant for a slot both are available at', () => {
    given([]).when(request()).then([requested]);
  });

  it("refuses a slot outside the fair's hours or off its grid", () => {
    for (const slot of ['08:30', '11:00', '09:15']) given([]).when(request({ slot })).thenThrows(MeetingOutsideFairHours, { slot, firstSlot: '09:00', lastSlot: '10:30' });
  });

  it('refuses a slot either side is not available at', () => {
    given([]).when(request({ slot: '09:00' })).thenThrows(ParticipantNotAvailable, { organisationId: 'org-pekara' });
    given([]).when(request({ slot: '10:00' })).thenThrows(ParticipantNotAvailable, { organisationId: 'org-hotel' });
  });

  it('refuses a meeting with oneself or with an organisation not taking part', () => {
    given([]).when(request({ inviteeOrganisationId: 'org-hotel', invitee: hotel })).thenThrows(MeetingWithSelf);
    given([]).when(request({ invitee: undefined })).thenThrows(NotAParticipant, { organisationId: 'org-pekara' });
    given([]).when(request({ requester: undefined })).thenThrows(NotAParticipant, { organisationId: 'org-hotel' });
  });
});

describe('requests awaiting an answer', () => {
  const open = (n: number) => Array.from({ length: n }, (_, i) => ({ inviteeOrganisationId: `org-${i}`, slot: '09:30' }));

  it('refuses asking the same participant for the same slot again while the first request awaits its answer', () => {
    given([]).when(request({ openRequests: [{ inviteeOrganisationId: 'org-pekara', slot: '09:30' }] })).thenThrows(MeetingAlreadyRequested, { inviteeOrganisationId: 'org-pekara', slot: '09:30' });
    given([]).when(request({ openRequests: [{ inviteeOrganisationId: 'org-pekara', slot: '10:30' }] })).then([requested]);
  });

  it(`keeps at most ${MAX_OPEN_MEETING_REQUESTS} of a participant's requests at a fair awaiting an answer`, () => {
    given([]).when(request({ openRequests: open(MAX_OPEN_MEETING_REQUESTS - 1) })).then([requested]);
    given([]).when(request({ openRequests: open(MAX_OPEN_MEETING_REQUESTS) })).thenThrows(TooManyOpenMeetingRequests, { organisationId: 'org-hotel', fairId: 'fair-1', max: MAX_OPEN_MEETING_REQUESTS });
  });
});

describe('answering a meeting request', () => {
  it('is agreed with the table booked, or declined, once', () => {
    given([requested]).when({ type: 'AcceptMeeting', data: { meetingId, table: 2 }, metadata: now }).then([agreed]);
    given([requested]).when({ type: 'DeclineMeeting', data: { meetingId }, metadata: now }).then([{ type: 'MeetingDeclined', data: { meetingId, at: now.now } }]);
    given([requested, agreed]).when({ type: 'DeclineMeeting', data: { meetingId }, metadata: now }).thenThrows(MeetingNotRequested, { status: 'accepted' });
    given([]).when({ type: 'AcceptMeeting', data: { meetingId, table: 1 }, metadata: now }).thenThrows(UnknownMeeting);
  });
});
