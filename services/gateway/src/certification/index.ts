import { ApplicationsHttpController } from './applications.controller';
import { CertificatesHttpController } from './certificates.controller';
import { CredentialsHttpController } from './credentials.controller';
import { PersonalDataHttpController } from './personal-data.controller';
import { CertificationProgrammeHttpController } from './programme.controller';

/** The certification endpoints, for the gateway module's controller list. */
export const certificationHttpControllers = [ApplicationsHttpController, CertificatesHttpController, CredentialsHttpController, CertificationProgrammeHttpController, PersonalDataHttpController];
