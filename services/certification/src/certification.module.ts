import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { nowInstant } from '@banat/contracts';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { ApplicationCommands } from './application/application-commands.service';
import { CertificateCommands } from './application/certificate-commands.service';
import { ComplaintCommands } from './application/complaint-commands.service';
import { CertificateNumbers } from './application/certificate-numbers';
import { CommandMetadataFactory } from './application/command-metadata';
import { EventStoreCloser, eventStoreProvider } from './application/event-store.provider';
import { ExpiryScheduler } from './application/expiry-scheduler';
import { HistoryQueries } from './application/history-queries.service';
import { RegistryClient, registryBusProvider } from './application/registry-client';
import { StreamCommands } from './application/stream-commands';
import { PersonalDataController } from './personal-data/personal-data.controller';
import { PERSONAL_DATA_ERASURE, PERSONAL_DATA_KEY, PersonalDataErasureSchema, PersonalDataKeySchema } from './personal-data/personal-data.schema';
import { PersonalDataVault } from './personal-data/personal-data-vault';
import { CERTIFICATION_OPTIONS, CertificationOptions, CLOCK, projectorsEnabled } from './certification.options';
import { CERTIFICATE_ISSUANCE, CertificateIssuanceSchema } from './integration/certificate-issuance.schema';
import { PUBLISHED_FACT, PublishedFactSchema } from './integration/published-fact.schema';
import { APPLICATION_FILE, ApplicationFileSchema } from './read-models/application-file.schema';
import { EXPERT_WORKLOAD, ExpertWorkloadSchema } from './read-models/expert-workload.schema';
import { credentialProjectorProvider, projectorProviders } from './read-models/projectors';
import { CredentialIssuer } from './credentials/credential-issuer';
import { CERTIFICATE_CREDENTIAL, CertificateCredentialSchema, CREDENTIAL_ISSUER_ID, CredentialIssuerIdSchema, CREDENTIAL_STATUS_LIST, CredentialStatusListSchema } from './credentials/credential.schema';
import { CredentialsController } from './transport/credentials.controller';
import { ProjectionStatus } from './read-models/projection-status';
import { ReadModelQueries } from './read-models/read-model-queries.service';
import { RegisterMirror } from './read-models/register-mirror';
import { REGISTER_ENTRY, RegisterEntrySchema } from './read-models/register.schema';
import { SCHEME_STATISTICS, SchemeStatisticsSchema, STATISTICS_SUBJECT, StatisticsSubjectSchema } from './read-models/scheme-statistics.schema';
import { ApplicationCommandsController } from './transport/application-commands.controller';
import { CertificateCommandsController } from './transport/certificate-commands.controller';
import { ComplaintCommandsController } from './transport/complaint-commands.controller';
import { CertificationQueriesController } from './transport/certification-queries.controller';

/** The certification service: event-sourced applications and certificates, their read models and public facts. */
@Module({})
export class CertificationModule {
  static forRoot(config: PlatformConfig, options: CertificationOptions = {}): DynamicModule {
    return {
      module: CertificationModule,
      imports: [
        ServiceCoreModule.forService('certification', config),
        MongooseModule.forFeature([
          { name: REGISTER_ENTRY, schema: RegisterEntrySchema },
          { name: APPLICATION_FILE, schema: ApplicationFileSchema },
          { name: SCHEME_STATISTICS, schema: SchemeStatisticsSchema },
          { name: STATISTICS_SUBJECT, schema: StatisticsSubjectSchema },
          { name: EXPERT_WORKLOAD, schema: ExpertWorkloadSchema },
          { name: PUBLISHED_FACT, schema: PublishedFactSchema },
          { name: CERTIFICATE_ISSUANCE, schema: CertificateIssuanceSchema },
          { name: PERSONAL_DATA_KEY, schema: PersonalDataKeySchema },
          { name: PERSONAL_DATA_ERASURE, schema: PersonalDataErasureSchema },
          { name: CERTIFICATE_CREDENTIAL, schema: CertificateCredentialSchema },
          { name: CREDENTIAL_STATUS_LIST, schema: CredentialStatusListSchema },
          { name: CREDENTIAL_ISSUER_ID, schema: CredentialIssuerIdSchema },
        ]),
      ],
      controllers: [ApplicationCommandsController, CertificateCommandsController, CertificationQueriesController, ComplaintCommandsController, PersonalDataController, CredentialsController],
      providers: [
        { provide: CERTIFICATION_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: options.clock ?? nowInstant },
        eventStoreProvider,
        EventStoreCloser,
        registryBusProvider,
        RegistryClient,
        CommandMetadataFactory,
        StreamCommands,
        CertificateNumbers,
        CertificateCommands,
        ComplaintCommands,
        PersonalDataVault,
        ApplicationCommands,
        HistoryQueries,
        ReadModelQueries,
        RegisterMirror,
        ProjectionStatus,
        ExpiryScheduler,
        CredentialIssuer,
        ...(projectorsEnabled(options) ? projectorProviders : []),
        ...(projectorsEnabled(options) && config.CREDENTIAL_SIGNING_KEY ? [credentialProjectorProvider] : []),
      ],
    };
  }
}
