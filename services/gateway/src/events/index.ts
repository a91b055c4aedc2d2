import { ProgrammeEventsHttpController } from './events.controller';
import { EventSurveysHttpController } from './surveys.controller';
import { ReportingHttpController } from './reporting.controller';

/** The events endpoints, for the gateway module's controller list. */
export const eventsHttpControllers = [ProgrammeEventsHttpController, EventSurveysHttpController, ReportingHttpController];
