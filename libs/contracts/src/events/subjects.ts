import { rpc } from '../subjects';

/** Request/reply subjects of the events service. */
export const EventsSubjects = {
  scheduleEvent: rpc('events', 'event.schedule'),
  getEvent: rpc('events', 'event.get'),
  listEvents: rpc('events', 'event.list'),
  register: rpc('events', 'registration.create'),
  listRegistrations: rpc('events', 'registration.list'),
  approveRegistration: rpc('events', 'registration.approve'),
  rejectRegistration: rpc('events', 'registration.reject'),
  cancelRegistration: rpc('events', 'registration.cancel'),
  acceptOffer: rpc('events', 'registration.accept-offer'),
  checkIn: rpc('events', 'check-in.create'),
  figures: rpc('events', 'figures.get'),
  createPlan: rpc('events', 'plan.create'),
  programme: rpc('events', 'programme.get'),
  publishSurvey: rpc('events', 'survey.publish'),
  sendSurvey: rpc('events', 'survey.send'),
  answerSurvey: rpc('events', 'survey.answer'),
  surveyResults: rpc('events', 'survey.results'),
  surveyNonRespondents: rpc('events', 'survey.non-respondents'),
} as const;
