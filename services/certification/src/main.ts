import 'reflect-metadata';
import { runService } from '@banat/messaging';
import { CertificationModule } from './certification.module';

void runService('certification', (config) => CertificationModule.forRoot(config));
