import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AssignExpertDto,
  CheckCompletenessDto,
  CommandResult,
  CompleteReviewDto,
  DecideAppealDto,
  DecideApplicationDto,
  DecisionResult,
  DeclareConflictOfInterestDto,
  LodgeAppealDto,
  SubmitApplicationDto,
  SubmitApplicationResult,
  SubmitScoresDto,
  SupplementApplicationDto,
} from '@banat/contracts';
import { applicationDecider, ApplicationCommand, ApplicationEvent, ApplicationState, applicationStream, Decider, dateOf } from '../domain';
import { CertificateCommands } from './certificate-commands.service';
import { CertificateNumbers } from './certificate-numbers';
import { CommandEnvelope, CommandMetadataFactory } from './command-metadata';
import { assertActsForOrganisation } from './file-access';
import { RegistryClient } from './registry-client';
import { StreamCommands } from './stream-commands';

/** A stable id from the caller and its idempotency key, so a retried submission lands on the same file and another caller's never does. */
const idFrom = (actor: string, commandId: string) => `app-${createHash('sha256').update(`application\u0000${actor}\u0000${commandId}`).digest('hex').slice(0, 24)}`;

/** The application decider with a member held to its own organisation's files, judged on the same folded state. */
const ownFilesOnly: Decider<ApplicationState, ApplicationCommand, ApplicationEvent> = {
  ...applicationDecider,
  decide: (command, state) => {
    assertActsForOrganisation(state.applicant?.organisationId);
    return applicationDecider.decide(command, state);
  },
};

/** The application file's use cases, each one command judged by the application decider. */
@Injectable()
export class ApplicationCommands {
  constructor(
    private readonly streams: StreamCommands,
    private readonly metadata: CommandMetadataFactory,
    private readonly registry: RegistryClient,
    private readonly numbers: CertificateNumbers,
    private readonly certificates: CertificateCommands,
  ) {}

  private async run(applicationId: string, dto: { commandId?: string; expectedRevision?: number }, command: (m: CommandEnvelope['domain']) => ApplicationCommand): Promise<CommandResult> {
    const envelope = this.metadata.fromRequest(dto.commandId);
    return (await this.streams.handle(ownFilesOnly, applicationStream(applicationId), command, envelope, dto.expectedRevision)).result;
  }

  async submit(dto: SubmitApplicationDto): Promise<SubmitApplicationResult> {
    const envelope = this.metadata.fromRequest(dto.commandId);
    assertActsForOrganisation(dto.organisationId);
    const applicationId = dto.applicationId ?? (dto.commandId ? idFrom(envelope.store.actor, dto.commandId) : `app-${randomUUID()}`);
    const applicant = await this.registry.applicant(dto.organisationId);
    const { result } = await this.streams.handle(
      applicationDecider,
      applicationStream(applicationId),
      (metadata): ApplicationCommand => ({
        type: 'SubmitApplication',
        data: { applicationId, schemeId: dto.schemeId, applicant, products: dto.products, declaredRegionalRawMaterialShare: dto.declaredRegionalRawMaterialShare, evidence: dto.evidence },
        metadata,
      }),
      envelope,
      dto.expectedRevision,
    );
    return { ...result, applicationId };
  }

  checkCompleteness(dto: CheckCompletenessDto) {
    return this.run(dto.applicationId, dto, (metadata) => ({ type: 'CheckCompleteness', data: { applicationId: dto.applicationId }, metadata }));
  }

  supplement(dto: SupplementApplicationDto) {
    return this.run(dto.applicationId, dto, (metadata) => ({ type: 'SupplementApplication', data: { applicationId: dto.applicationId, evidence: dto.evidence }, metadata }));
  }

  assignExpert(dto: AssignExpertDto) {
    const { applicationId, expertId, expertOrganisationId } = dto;
    return this.run(applicationId, dto, (metadata) => ({ type: 'AssignExpert', data: { applicationId, expertId, expertOrganisationId }, metadata }));
  }

  declareConflictOfInterest(dto: DeclareConflictOfInterestDto) {
    const { applicationId, hasConflict, statement } = dto;
    return this.run(applicationId, dto, (metadata) => ({ type: 'DeclareConflictOfInterest', data: { applicationId, hasConflict, statement }, metadata }));
  }

  submitScores(dto: SubmitScoresDto) {
    return this.run(dto.applicationId, dto, (metadata) => ({ type: 'SubmitScores', data: { applicationId: dto.applicationId, scores: dto.scores }, metadata }));
  }

  completeReview(dto: CompleteReviewDto) {
    return this.run(dto.applicationId, dto, (metadata) => ({ type: 'CompleteReview', data: { applicationId: dto.applicationId, remarks: dto.remarks }, metadata }));
  }

  lodgeAppeal(dto: LodgeAppealDto) {
    const appealId = dto.appealId ?? `appeal-${randomUUID()}`;
    return this.run(dto.applicationId, dto, (metadata) => ({ type: 'LodgeAppeal', data: { applicationId: dto.applicationId, appealId, grounds: dto.grounds }, metadata }));
  }

  decideAppeal(dto: DecideAppealDto) {
    const { applicationId, appealId, outcome, panel, reasons } = dto;
    return this.run(applicationId, dto, (metadata) => ({ type: 'DecideAppeal', data: { applicationId, appealId, outcome, panel, reasons }, metadata }));
  }

  async decide(dto: DecideApplicationDto): Promise<DecisionResult> {
    const { applicationId, reasons } = dto;
    if (dto.outcome === 'refuse') {
      const result = await this.run(applicationId, dto, (metadata) => ({ type: 'RefuseCertification', data: { applicationId, reasons }, metadata }));
      return { ...result, outcome: 'refused' };
    }
    const envelope = this.metadata.fromRequest(dto.commandId);
    const stream = applicationStream(applicationId);
    const grant = (certificateNumber: string) => (metadata: CommandEnvelope['domain']): ApplicationCommand => ({
      type: 'GrantCertification',
      data: { applicationId, certificateNumber, reasons },
      metadata,
    });
    // Judge first with a placeholder: a refused grant must append nothing, not even a spent number.
    const trial = await this.streams.handle(applicationDecider, stream, grant('to-be-allocated'), envelope, dto.expectedRevision, { dryRun: true });
    let granted = trial.events.find((e) => e.type === 'CertificationGranted');
    let result = trial.result;
    if (!trial.result.duplicate) {
      const schemeId = trial.state.schemeId ?? '';
      const number = await this.numbers.allocate(schemeId, dateOf(envelope.domain.now).slice(0, 4), envelope);
      // Decided on the revision the trial saw: a decision taken meanwhile makes this one a 409.
      const handled = await this.streams.handle(applicationDecider, stream, grant(number), envelope, trial.result.revision);
      granted = handled.events.find((e) => e.type === 'CertificationGranted');
      result = handled.result;
    }
    if (!granted || granted.type !== 'CertificationGranted') return { ...result, outcome: 'granted' };
    // Issued at once so the register shows it; the certificate issuer repeats this after a crash (same command id).
    const issued = await this.certificates.issueFor(stream, envelope.store.commandId, granted as Extract<ApplicationEvent, { type: 'CertificationGranted' }>, envelope.store.correlationId);
    return { ...result, position: Math.max(result.position, issued.position), outcome: 'granted', certificateNumber: granted.data.certificateNumber };
  }
}
