import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AssignExpertDto,
  CheckCompletenessDto,
  CommandResult,
  CompletenessResult,
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
import { WrongExpectedRevision } from '@banat/event-store';
import type { RequestContext } from '@banat/messaging';
import { applicationDecider, ApplicationCommand, ApplicationEvent, ApplicationState, applicationStream, Command, Decider, dateOf, DomainRuleViolation, requireExpertAssignable } from '../domain';
import { CertificateCommands } from './certificate-commands.service';
import { CertificateNumbers } from './certificate-numbers';
import { CommandEnvelope, CommandMetadataFactory } from './command-metadata';
import { assertActsForOrganisation } from './file-access';
import { RegistryClient } from './registry-client';
import { keptChanging, StreamCommands } from './stream-commands';

/** A stable id from the caller and its idempotency key, so a retried submission lands on the same file and another caller's never does. */
const idFrom = (actor: string, commandId: string) => `app-${createHash('sha256').update(`application\u0000${actor}\u0000${commandId}`).digest('hex').slice(0, 24)}`;

/** The application decider with a member (the caller of `request`) held to its own organisation's files, judged on the same folded state. */
const ownFilesOnly = (request: RequestContext): Decider<ApplicationState, ApplicationCommand, ApplicationEvent> => ({
  ...applicationDecider,
  decide: (command, state) => {
    assertActsForOrganisation(request, state.applicant?.organisationId);
    return applicationDecider.decide(command, state);
  },
});

/** An expert's assignment as judged before the registry is asked (`requireExpertAssignable`): never appends. */
type CheckExpertAssignable = Command<'CheckExpertAssignable', { expertId: string; expertOrganisationId: string }>;

const assignableWithoutRegistry = (request: RequestContext): Decider<ApplicationState, CheckExpertAssignable, ApplicationEvent> => ({
  initialState: applicationDecider.initialState,
  evolve: applicationDecider.evolve,
  decide: (command, state) => {
    assertActsForOrganisation(request, state.applicant?.organisationId);
    requireExpertAssignable(state, command.data);
    return [];
  },
});

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

  private async run(applicationId: string, dto: { commandId?: string; expectedRevision?: number }, request: RequestContext, command: (m: CommandEnvelope['domain']) => ApplicationCommand): Promise<CommandResult> {
    return (await this.handle(applicationId, dto, request, command)).result;
  }

  private handle(applicationId: string, dto: { commandId?: string; expectedRevision?: number }, request: RequestContext, command: (m: CommandEnvelope['domain']) => ApplicationCommand) {
    const envelope = this.metadata.fromRequest(request, dto);
    return this.streams.handle(ownFilesOnly(request), applicationStream(applicationId), command, envelope, dto.expectedRevision, { mustExist: `application ${applicationId}` });
  }

  async submit(dto: SubmitApplicationDto, request: RequestContext): Promise<SubmitApplicationResult> {
    const envelope = this.metadata.fromRequest(request, dto);
    assertActsForOrganisation(request, dto.organisationId);
    const applicationId = dto.applicationId ?? (dto.commandId ? idFrom(envelope.store.actor, dto.commandId) : `app-${randomUUID()}`);
    const applicant = await this.registry.applicant(dto.organisationId, request);
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

  async checkCompleteness(dto: CheckCompletenessDto, request: RequestContext): Promise<CompletenessResult> {
    const { result, events } = await this.handle(dto.applicationId, dto, request, (metadata) => ({ type: 'CheckCompleteness', data: { applicationId: dto.applicationId }, metadata }));
    const returned = events.find((e) => e.type === 'ApplicationReturnedIncomplete');
    const missingEvidence = returned?.type === 'ApplicationReturnedIncomplete' ? [...returned.data.missingEvidence] : [];
    return { ...result, outcome: returned ? 'returned-incomplete' : 'complete', missingEvidence };
  }

  supplement(dto: SupplementApplicationDto, request: RequestContext) {
    return this.run(dto.applicationId, dto, request, (metadata) => ({ type: 'SupplementApplication', data: { applicationId: dto.applicationId, evidence: dto.evidence }, metadata }));
  }

  /**
   * The file is read and judged first on what needs no registry (no such file: 404; a closed file, a conflict, an expert already
   * on it: 422; a retry: the first answer), so those are answered while the registry is down. Only then is the registry asked
   * whether it knows the expert's organisation and whether it is active; its answer goes to the decider with the command.
   */
  async assignExpert(dto: AssignExpertDto, request: RequestContext): Promise<CommandResult> {
    const { applicationId, expertId, expertOrganisationId } = dto;
    const envelope = this.metadata.fromRequest(request, dto);
    const stream = applicationStream(applicationId);
    const mustExist = `application ${applicationId}`;
    const judged = await this.streams.handle(
      assignableWithoutRegistry(request),
      stream,
      (metadata): CheckExpertAssignable => ({ type: 'CheckExpertAssignable', data: { expertId, expertOrganisationId }, metadata }),
      envelope,
      dto.expectedRevision,
      { dryRun: true, mustExist },
    );
    if (judged.result.duplicate) return judged.result;
    const expertOrganisation = await this.registry.expertOrganisation(expertOrganisationId, request);
    const command = (metadata: CommandEnvelope['domain']): ApplicationCommand => ({ type: 'AssignExpert', data: { applicationId, expertId, expertOrganisation }, metadata });
    return (await this.streams.handle(ownFilesOnly(request), stream, command, envelope, dto.expectedRevision, { mustExist })).result;
  }

  declareConflictOfInterest(dto: DeclareConflictOfInterestDto, request: RequestContext) {
    const { applicationId, hasConflict, statement } = dto;
    return this.run(applicationId, dto, request, (metadata) => ({ type: 'DeclareConflictOfInterest', data: { applicationId, hasConflict, statement }, metadata }));
  }

  submitScores(dto: SubmitScoresDto, request: RequestContext) {
    return this.run(dto.applicationId, dto, request, (metadata) => ({ type: 'SubmitScores', data: { applicationId: dto.applicationId, scores: dto.scores }, metadata }));
  }

  completeReview(dto: CompleteReviewDto, request: RequestContext) {
    return this.run(dto.applicationId, dto, request, (metadata) => ({ type: 'CompleteReview', data: { applicationId: dto.applicationId, remarks: dto.remarks }, metadata }));
  }

  lodgeAppeal(dto: LodgeAppealDto, request: RequestContext) {
    const appealId = dto.appealId ?? `appeal-${randomUUID()}`;
    return this.run(dto.applicationId, dto, request, (metadata) => ({ type: 'LodgeAppeal', data: { applicationId: dto.applicationId, appealId, grounds: dto.grounds }, metadata }));
  }

  decideAppeal(dto: DecideAppealDto, request: RequestContext) {
    const { applicationId, appealId, outcome, panel, reasons } = dto;
    return this.run(applicationId, dto, request, (metadata) => ({ type: 'DecideAppeal', data: { applicationId, appealId, outcome, panel, reasons }, metadata }));
  }

  async decide(dto: DecideApplicationDto, request: RequestContext): Promise<DecisionResult> {
    const { applicationId, reasons } = dto;
    if (dto.outcome === 'refuse') {
      const result = await this.run(applicationId, dto, request, (metadata) => ({ type: 'RefuseCertification', data: { applicationId, reasons }, metadata }));
      return { ...result, outcome: 'refused' };
    }
    const envelope = this.metadata.fromRequest(request, dto);
    const stream = applicationStream(applicationId);
    const grant = (certificateNumber: string) => (metadata: CommandEnvelope['domain']): ApplicationCommand => ({
      type: 'GrantCertification',
      data: { applicationId, certificateNumber, reasons },
      metadata,
    });
    let granted: ApplicationEvent | undefined;
    let result: CommandResult | undefined;
    for (let attempt = 1; !result; attempt++) {
      // Judge first with a placeholder: a refused grant must append nothing, not even a spent number.
      const trial = await this.streams.handle(applicationDecider, stream, grant('to-be-allocated'), envelope, dto.expectedRevision, { dryRun: true, mustExist: `application ${applicationId}` });
      granted = trial.events.find((e) => e.type === 'CertificationGranted');
      if (trial.result.duplicate) {
        result = trial.result;
        break;
      }
      const schemeId = trial.state.schemeId ?? '';
      const year = dateOf(envelope.domain.now).slice(0, 4);
      const number = await this.numbers.allocate(schemeId, year, envelope);
      try {
        // Decided on the revision the trial saw: a change meanwhile is a 409 to a caller who named a revision, else judged again.
        const handled = await this.streams.handle(applicationDecider, stream, grant(number), envelope, trial.result.revision);
        granted = handled.events.find((e) => e.type === 'CertificationGranted');
        result = handled.result;
      } catch (error) {
        // Nothing was appended: the number goes back to the next grant, so the public numbering has no gap.
        if (error instanceof WrongExpectedRevision || error instanceof DomainRuleViolation) await this.numbers.release(schemeId, year, number, envelope);
        if (!(error instanceof WrongExpectedRevision) || dto.expectedRevision !== undefined) throw error;
        if (attempt >= 5) throw keptChanging(error);
      }
    }
    if (!granted || granted.type !== 'CertificationGranted') return { ...result, outcome: 'granted' };
    // Issued at once so the register shows it; the certificate issuer repeats this after a crash (same command id).
    const issued = await this.certificates.issueFor(stream, envelope.store.commandId, granted as Extract<ApplicationEvent, { type: 'CertificationGranted' }>, envelope.store.correlationId);
    return { ...result, position: Math.max(result.position, issued.position), outcome: 'granted', certificateNumber: granted.data.certificateNumber };
  }
}
