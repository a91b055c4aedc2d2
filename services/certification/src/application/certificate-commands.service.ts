import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CertificateStatusChangeDto,
  CommandResult,
  DecideCertificateAppealDto,
  LodgeCertificateAppealDto,
  RecordFindingDto,
  RenewCertificateDto,
} from '@banat/contracts';
import { deterministicEventId, WrongExpectedRevision } from '@banat/event-store';
import { forbidden, type RequestContext } from '@banat/messaging';
import {
  ApplicationEvent,
  applicationStream,
  certificateDecider,
  CertificateCommand,
  CertificateEvent,
  CertificateState,
  certificateStream,
  dateOf,
  Decider,
  evolveApplication,
  initialApplicationState,
} from '../domain';
import { involvedWithCertificate } from './certificate-involvement';
import { CommandEnvelope, CommandMetadataFactory } from './command-metadata';
import { StreamCommands } from './stream-commands';

type Granted = Extract<ApplicationEvent, { type: 'CertificationGranted' }>;

/** The certificate decider with a member (the caller of `request`) held to its own organisation's certificate, judged on the same folded state. */
const holderOnly = ({ role, org }: RequestContext): Decider<CertificateState, CertificateCommand, CertificateEvent> => ({
  ...certificateDecider,
  decide: (command, state) => {
    if (role === 'member' && (!org || org !== state.holder?.organisationId)) throw forbidden('a member organisation may appeal only its own certificates');
    return certificateDecider.decide(command, state);
  },
});

/** The certificate's use cases: issue on a grant, surveillance, suspension, restoration, withdrawal, renewal, expiry. */
@Injectable()
export class CertificateCommands {
  constructor(
    private readonly streams: StreamCommands,
    private readonly metadata: CommandMetadataFactory,
  ) {}

  private async run(
    certificateNumber: string,
    envelope: CommandEnvelope,
    expectedRevision: number | undefined,
    command: (m: CommandEnvelope['domain']) => CertificateCommand,
    decider: Decider<CertificateState, CertificateCommand, CertificateEvent> = certificateDecider,
  ): Promise<CommandResult> {
    // Every step but the issue acts on a certificate named by its number: none issued under it is a 404.
    return (await this.streams.handle(decider, certificateStream(certificateNumber), command, envelope, expectedRevision, { mustExist: `certificate ${certificateNumber}` })).result;
  }

  /**
   * Issues the certificate a grant names. Its command id is derived from the grant's, so the grant
   * handler and the certificate issuer (after a crash) issue it once between them.
   */
  async issueFor(applicationStreamId: string, grantCommandId: string, granted: Granted, correlationId: string): Promise<CommandResult> {
    const { applicationId, certificateNumber, holder, schemeId, schemeVersion, products, validFrom, validUntil, actor, role, at } = granted.data;
    const grantedBy = { actor, role, at, applicationId };
    const envelope = this.metadata.system('certification-service', `issue:${grantCommandId}`, {
      correlationId,
      causationId: deterministicEventId(applicationStreamId, grantCommandId, 0),
    });
    const issue = async () =>
      (
        await this.streams.handle(certificateDecider, certificateStream(certificateNumber), (metadata): CertificateCommand => ({
          type: 'IssueCertificate',
          data: { certificateNumber, applicationId, holder, schemeId, schemeVersion, products, validFrom, validUntil, grantedBy },
          metadata,
        }), envelope)
      ).result;
    // Both issuing paths may race; the loser re-reads and finds its own command already there.
    for (let attempt = 1; ; attempt++) {
      try {
        return await issue();
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= 5) throw error;
      }
    }
  }

  recordFinding(dto: RecordFindingDto, request: RequestContext) {
    const { certificateNumber, source, severity, summary } = dto;
    const findingId = dto.findingId ?? `finding-${randomUUID()}`;
    return this.run(certificateNumber, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({
      type: 'RecordSurveillanceFinding',
      data: { certificateNumber, findingId, source, severity, summary },
      metadata,
    }));
  }

  suspend(dto: CertificateStatusChangeDto, request: RequestContext) {
    const { certificateNumber, reason } = dto;
    return this.run(certificateNumber, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({ type: 'SuspendCertificate', data: { certificateNumber, reason }, metadata }));
  }

  restore(dto: CertificateStatusChangeDto, request: RequestContext) {
    const { certificateNumber, reason } = dto;
    return this.run(certificateNumber, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({ type: 'RestoreCertificate', data: { certificateNumber, reason }, metadata }));
  }

  withdraw(dto: CertificateStatusChangeDto, request: RequestContext) {
    const { certificateNumber, reason } = dto;
    return this.run(certificateNumber, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({ type: 'WithdrawCertificate', data: { certificateNumber, reason }, metadata }));
  }

  async renew(dto: RenewCertificateDto, request: RequestContext) {
    const { certificateNumber, renewalApplicationId, reason } = dto;
    const envelope = this.metadata.fromRequest(request, dto);
    const file = ((await this.streams.read(applicationStream(renewalApplicationId))) as unknown as ApplicationEvent[]).reduce(evolveApplication, initialApplicationState());
    const renewalAssessment = file.applicationId
      ? { applicationId: file.applicationId, status: file.status, holderOrganisationId: file.applicant?.organisationId, schemeId: file.schemeId }
      : undefined;
    return this.run(certificateNumber, envelope, dto.expectedRevision, (metadata) => ({
      type: 'RenewCertificate',
      data: { certificateNumber, renewalApplicationId, reason, renewalAssessment },
      metadata,
    }));
  }

  lodgeAppeal(dto: LodgeCertificateAppealDto, request: RequestContext) {
    const { certificateNumber, grounds } = dto;
    const appealId = dto.appealId ?? `appeal-${randomUUID()}`;
    const envelope = this.metadata.fromRequest(request, dto);
    return this.run(certificateNumber, envelope, dto.expectedRevision, (metadata) => ({ type: 'LodgeCertificateAppeal', data: { certificateNumber, appealId, grounds }, metadata }), holderOnly(request));
  }

  async decideAppeal(dto: DecideCertificateAppealDto, request: RequestContext) {
    const { certificateNumber, appealId, outcome, panel, reasons } = dto;
    const envelope = this.metadata.fromRequest(request, dto);
    const involved = await involvedWithCertificate(this.streams, certificateNumber);
    return this.run(certificateNumber, envelope, dto.expectedRevision, (metadata) => ({
      type: 'DecideCertificateAppeal',
      data: { certificateNumber, appealId, outcome, panel, reasons, involved },
      metadata,
    }));
  }

  /** The scheduler's daily question; one command id per certificate and day, so replicas do not repeat it. */
  expireIfDue(certificateNumber: string) {
    const envelope = this.metadata.system('scheduler', `expire:${certificateNumber}:${dateOf(this.metadata.now())}`);
    return this.run(certificateNumber, envelope, undefined, (metadata) => ({ type: 'ExpireIfDue', data: { certificateNumber }, metadata }));
  }
}
