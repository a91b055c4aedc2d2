import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { EventStreams } from './application/event-streams';
import { OutboxPublisher } from './application/outbox-publisher';
import { ProgrammeEventsService } from './application/programme-events.service';
import { ProgrammeService } from './application/programme.service';
import { RegistryClient, registryBusProvider } from './application/registry-client';
import { SurveysService } from './application/surveys.service';
import { EventCommit, EventCommitSchema } from './read-models/event-commit.schema';
import { Plan, PlanSchema } from './read-models/plan.schema';
import { ProgrammeEventListing, ProgrammeEventListingSchema } from './read-models/programme-event.schema';
import { ProgrammeController, ProgrammeEventsController, RegistrationsController } from './transport/programme-events.controller';
import { SurveysController } from './transport/surveys.controller';
import { ReportingController } from './reporting/reporting.controller';
import { ReportingService } from './reporting/reporting.service';

/** Programme events (conferences, workshops, fairs, …): scheduling, registration with quotas and a waiting list, check-in, questionnaires, plans and the programme-wide view; and the programme's indicators (reporting/), fed by every service's public events. */
@Module({})
export class EventsModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: EventsModule,
      imports: [
        ServiceCoreModule.forService('events', config),
        MongooseModule.forFeature([
          { name: EventCommit.name, schema: EventCommitSchema },
          { name: ProgrammeEventListing.name, schema: ProgrammeEventListingSchema },
          { name: Plan.name, schema: PlanSchema },
        ]),
      ],
      controllers: [ProgrammeEventsController, RegistrationsController, SurveysController, ProgrammeController, ReportingController],
      providers: [registryBusProvider, RegistryClient, EventStreams, ProgrammeEventsService, SurveysService, OutboxPublisher, ProgrammeService, ReportingService],
    };
  }
}
