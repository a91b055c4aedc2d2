import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { EventStreams } from './application/event-streams';
import { OutboxPublisher } from './application/outbox-publisher';
import { ProgrammeEventsService } from './application/programme-events.service';
import { RegistryClient, registryBusProvider } from './application/registry-client';
import { SurveysService } from './application/surveys.service';
import { EventCommit, EventCommitSchema } from './read-models/event-commit.schema';
import { ProgrammeEventListing, ProgrammeEventListingSchema } from './read-models/programme-event.schema';
import { ProgrammeEventsController, RegistrationsController } from './transport/programme-events.controller';
import { SurveysController } from './transport/surveys.controller';

/** Programme events (conferences, workshops, fairs, …): scheduling, registration with quotas and a waiting list, check-in, questionnaires. */
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
        ]),
      ],
      controllers: [ProgrammeEventsController, RegistrationsController, SurveysController],
      providers: [registryBusProvider, RegistryClient, EventStreams, ProgrammeEventsService, SurveysService, OutboxPublisher],
    };
  }
}
