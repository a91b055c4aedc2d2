import 'reflect-metadata';
import { runService } from '@banat/messaging';
import { NetworkModule } from './network.module';

void runService('network', (config) => NetworkModule.forRoot(config));
