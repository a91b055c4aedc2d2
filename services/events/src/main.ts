import 'reflect-metadata';
import { runService } from '@banat/messaging';
import { EventsModule } from './events.module';

void runService('events', (config) => EventsModule.forRoot(config));
