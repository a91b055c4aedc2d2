import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AcknowledgeComplaintDto,
  AssignComplaintInvestigatorDto,
  CommandResult,
  ComplaintDecisionResult,
  ComplaintView,
  DecideComplaintDto,
  GetComplaintDto,
  HistoryEntryView,
  LodgeComplaintDto,
  LodgeComplaintResult,
  RecordComplaintInvestigationDto,
} from '@banat/contracts';
import { canonicalJson, deterministicEventId } from '@banat/event-store';
import { newCorrelationId, notFound, type RequestContext } from '@banat/messaging';
import {
  certificateDecider,
  CertificateCommand,
  CertificateEvent,
  certificateStream,
  complaintDecider,
  ComplaintCommand,
  ComplaintEvent,
  complaintStream,
  DomainRuleViolation,
  evolveCertificate,
  evolveComplaint,
  identifyComplainant,
  initialCertificateState,
  initialComplaintState,
  isSealed,
  RecordedComplainant,
  Role,
  SealedPersonalData,
} from '../domain';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { involvedWithCertificate } from './certificate-involvement';
import { CommandEnvelope, CommandMetadataFactory } from './command-metadata';
import { historyEntry } from './history-queries.service';
import { StreamCommands } from './stream-commands';

/**
 * A complaint's id from who lodged it, their commandId and what it says: anonymous lodgers are all
 * 'public', so another visitor reusing a commandId with other words reaches a complaint of its own,
 * never the first one (nor is told it was recorded); a retry of the same complaint reaches the same.
 * The complainant enters only as a fingerprint under their own key (`PersonalDataVault`): once the
 * key is erased, the id no longer confirms a guess of who complained.
 */
const idFrom = (actor: string, commandId: string, content: { certificateNumber: string; grounds: string; complainant: string }) =>
  `cmp-${createHash('sha256').update(`complaint\u0000${actor}\u0000${commandId}\u0000${canonicalJson(content)}`).digest('hex').slice(0, 24)}`;

/** Stands in for the complainant while a complaint is only judged (dry run): never stored. */
const NOT_YET_SEALED: SealedPersonalData = { subjectId: 'person-not-yet-sealed', alg: 'A256GCM', iv: '', ciphertext: '', tag: '' };

type Decided = Extract<ComplaintEvent, { type: 'ComplaintDecided' }>;

/** Complaints (ISO/IEC 17065 7.13): their own stream; an upheld one becomes a finding on the certificate. */
@Injectable()
export class ComplaintCommands {
  constructor(
    private readonly streams: StreamCommands,
    private readonly metadata: CommandMetadataFactory,
    private readonly personalData: PersonalDataVault,
  ) {}

  /** Every step but the lodging acts on a complaint named by its id: none lodged under it is a 404. */
  private run(complaintId: string, envelope: CommandEnvelope, expectedRevision: number | undefined, command: (m: CommandEnvelope['domain']) => ComplaintCommand, lodging = false) {
    return this.streams.handle(complaintDecider, complaintStream(complaintId), command, envelope, expectedRevision, lodging ? {} : { mustExist: `complaint ${complaintId}` });
  }

  /** The certificate's events as stored; empty when it was never issued. */
  private async certificateEvents(certificateNumber: string): Promise<CertificateEvent[]> {
    return (await this.streams.read(certificateStream(certificateNumber))) as unknown as CertificateEvent[];
  }

  /** The facts independence is judged on: everyone ever involved with the certificate and its file. */
  private async decisionMakersFor(complaintId: string): Promise<string[]> {
    const complaint = await this.fold(complaintId);
    return complaint.certificateNumber ? involvedWithCertificate(this.streams, complaint.certificateNumber) : [];
  }

  private async fold(complaintId: string) {
    return ((await this.streams.read(complaintStream(complaintId))) as unknown as ComplaintEvent[]).reduce(evolveComplaint, initialComplaintState());
  }

  /** Open to the public: an anonymous complainant is recorded as actor 'public'; a signed-in one by name. */
  private lodgerEnvelope(ctx: RequestContext, commandId: string): CommandEnvelope {
    const actor = ctx?.actor ?? 'public';
    const role = ctx?.role ?? 'public';
    const correlationId = ctx?.correlationId ?? newCorrelationId();
    // 'public' and 'member' are gateway roles the domain's Role does not list; the stamp records them as given.
    return { domain: { actor, role: role as Role, now: this.metadata.now() }, store: { commandId, correlationId, actor, role } };
  }

  async lodge(dto: LodgeComplaintDto, request: RequestContext): Promise<LodgeComplaintResult> {
    const commandId = dto.commandId ?? randomUUID();
    const { certificateNumber, grounds } = dto;
    const identified = identifyComplainant(dto.complainant);
    const idOf = (complainant: string) => (dto.commandId ? idFrom(request.actor ?? 'public', dto.commandId, { certificateNumber, grounds, complainant }) : `cmp-${randomUUID()}`);
    const certificate = (await this.certificateEvents(certificateNumber)).reduce(evolveCertificate, initialCertificateState());
    const facts = certificate.holder && certificate.schemeId && certificate.schemeVersion !== undefined
      ? { holderOrganisationId: certificate.holder.organisationId, schemeId: certificate.schemeId, schemeVersion: certificate.schemeVersion }
      : undefined;
    const envelope = this.lodgerEnvelope(request, commandId);
    const lodge = (complaintId: string, complainant: SealedPersonalData) => (metadata: CommandEnvelope['domain']): ComplaintCommand => ({
      type: 'LodgeComplaint',
      data: { complaintId, certificateNumber, complainant, grounds, certificate: facts },
      metadata,
    });
    // Judged first without the complainant: a refused complaint leaves no key (and no trace of its contact) behind.
    // A person with a key may be retrying: judged on the complaint their retry reaches, which answers as the first call did.
    const known = dto.commandId ? await this.personalData.fingerprintIfKnown(identified.contact, identified) : undefined;
    if (known) {
      const complaintId = idOf(known);
      const trial = await this.streams.handle(complaintDecider, complaintStream(complaintId), lodge(complaintId, NOT_YET_SEALED), envelope, dto.expectedRevision, { dryRun: true });
      if (trial.result.duplicate) return { ...trial.result, complaintId };
    } else {
      complaintDecider.decide(lodge(idOf('not-yet-sealed'), NOT_YET_SEALED)(envelope.domain), complaintDecider.initialState());
    }
    // Sealed under the complainant's own key: the history holds only a person reference and ciphertext (erasable).
    const { sealed, fingerprint } = await this.personalData.sealWithFingerprint(identified.contact, identified);
    const complaintId = idOf(fingerprint);
    const { result } = await this.run(complaintId, envelope, dto.expectedRevision, lodge(complaintId, sealed), true);
    return { ...result, complaintId };
  }

  async acknowledge(dto: AcknowledgeComplaintDto, request: RequestContext): Promise<CommandResult> {
    const { complaintId } = dto;
    return (await this.run(complaintId, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({ type: 'AcknowledgeComplaint', data: { complaintId }, metadata }))).result;
  }

  async assignInvestigator(dto: AssignComplaintInvestigatorDto, request: RequestContext): Promise<CommandResult> {
    const { complaintId, investigatorId } = dto;
    const envelope = this.metadata.fromRequest(request, dto);
    const certificationDecidedBy = await this.decisionMakersFor(complaintId);
    return (await this.run(complaintId, envelope, dto.expectedRevision, (metadata) => ({ type: 'AssignInvestigator', data: { complaintId, investigatorId, certificationDecidedBy }, metadata }))).result;
  }

  async recordInvestigation(dto: RecordComplaintInvestigationDto, request: RequestContext): Promise<CommandResult> {
    const { complaintId, summary } = dto;
    return (await this.run(complaintId, this.metadata.fromRequest(request, dto), dto.expectedRevision, (metadata) => ({ type: 'RecordInvestigation', data: { complaintId, summary }, metadata }))).result;
  }

  /** Decides the complaint; if upheld, records the finding on the certificate (a retry of the decision records it once). */
  async decide(dto: DecideComplaintDto, request: RequestContext): Promise<ComplaintDecisionResult> {
    const { complaintId, outcome, reasons, findingSeverity } = dto;
    const envelope = this.metadata.fromRequest(request, dto);
    const certificationDecidedBy = await this.decisionMakersFor(complaintId);
    const handled = await this.run(complaintId, envelope, dto.expectedRevision, (metadata) => ({
      type: 'DecideComplaint',
      data: { complaintId, outcome, reasons, certificationDecidedBy, ...(findingSeverity ? { findingSeverity } : {}) },
      metadata,
    }));
    const decided = handled.events.find((e): e is Decided => e.type === 'ComplaintDecided');
    if (!decided || decided.data.outcome !== 'upheld') return { ...handled.result, outcome: decided?.data.outcome ?? outcome };
    try {
      const finding = await this.recordFinding(decided, envelope, handled.result.streamId);
      return { ...handled.result, outcome: 'upheld', finding };
    } catch (error) {
      // A certificate withdrawn or expired since the complaint takes no finding; the upheld decision stands regardless.
      if (error instanceof DomainRuleViolation) return { ...handled.result, outcome: 'upheld', findingRefused: error.rule };
      throw error;
    }
  }

  private async recordFinding(decided: Decided, decision: CommandEnvelope, complaintStreamId: string): Promise<CommandResult> {
    const { complaintId, certificateNumber, findingSeverity, reasons } = decided.data;
    const decisionCommandId = decision.store.commandId;
    // Derived from the complaint, which is decided once: a retry, or a replay after a crash, finds the finding already there.
    const envelope: CommandEnvelope = {
      domain: decision.domain,
      store: { ...decision.store, commandId: `complaint-finding:${complaintId}`, causationId: deterministicEventId(complaintStreamId, decisionCommandId, 0) },
    };
    const handled = await this.streams.handle(certificateDecider, certificateStream(certificateNumber), (metadata): CertificateCommand => ({
      type: 'RecordSurveillanceFinding',
      data: { certificateNumber, findingId: `complaint-${complaintId}`, source: 'complaint', severity: findingSeverity ?? 'minor', summary: `complaint ${complaintId} upheld: ${reasons.join('; ')}` },
      metadata,
    }), envelope);
    return handled.result;
  }

  async get(dto: GetComplaintDto): Promise<ComplaintView> {
    const events = await this.streams.read(complaintStream(dto.complaintId));
    if (events.length === 0) throw notFound(`complaint ${dto.complaintId}`);
    const state = (events as unknown as ComplaintEvent[]).reduce(evolveComplaint, initialComplaintState());
    const { status, complaintId, certificateNumber, complainant, grounds, lodgedBy, lodgedAt, decideBy, acknowledgedBy, acknowledgedAt, investigatorId, investigation, decision } = state;
    return {
      complaintId: complaintId!,
      certificateNumber: certificateNumber!,
      status: status as ComplaintView['status'],
      complainant: await this.complainantOf(complainant!),
      grounds: grounds!,
      lodgedBy: lodgedBy!,
      lodgedAt: lodgedAt!,
      decideBy: decideBy!,
      acknowledgedBy,
      acknowledgedAt,
      investigatorId,
      investigation,
      decision: decision && { ...decision, reasons: [...decision.reasons] },
      revision: events.length - 1,
    };
  }

  /** The complainant as the programme may read them: opened with their key, or erased. */
  private async complainantOf(recorded: RecordedComplainant): Promise<ComplaintView['complainant']> {
    if (!isSealed(recorded)) return recorded; // recorded before complainants were sealed
    const opened = await this.personalData.open<{ name: string; contact: string }>(recorded);
    return opened ? { name: opened.name, contact: opened.contact, subjectId: recorded.subjectId } : { erased: true, subjectId: recorded.subjectId };
  }

  async history(dto: GetComplaintDto): Promise<HistoryEntryView[]> {
    const events = await this.streams.read(complaintStream(dto.complaintId));
    if (events.length === 0) throw notFound(`complaint ${dto.complaintId}`);
    return events.map(historyEntry);
  }
}

