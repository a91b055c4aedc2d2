import 'reflect-metadata';
import { runService } from '@banat/messaging';
import { RegistryModule } from './registry.module';

void runService('registry', (config) => RegistryModule.forRoot(config));
