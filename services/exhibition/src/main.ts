import 'reflect-metadata';
import { runService } from '@banat/messaging';
import { ExhibitionModule } from './exhibition.module';

void runService('exhibition', (config) => ExhibitionModule.forRoot(config));
