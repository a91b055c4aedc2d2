import { Injectable } from '@nestjs/common';
import {
  ApplicationAsOfDto,
  ApplicationHistoryDto,
  CertificateAsOfDto,
  CertificateHistoryDto,
  HistoryEntryView,
} from '@banat/contracts';
import type { RecordedEvent } from '@banat/event-store';
import { notFound, type RequestContext } from '@banat/messaging';
import {
  ApplicationEvent,
  applicationAsOf,
  applicationStream,
  CertificateEvent,
  certificateAsOf,
  certificateStream,
  defaultSchemeCatalogue,
  isWithinValidity,
  isCalendarDate,
  dateOf,
  evolveApplication,
  initialApplicationState,
} from '../domain';
import { assertMayReadFile } from './file-access';
import { StreamCommands } from './stream-commands';

/** One stored event as the audit trail shows it. */
export const historyEntry = (e: RecordedEvent): HistoryEntryView => ({
  revision: e.revision,
  position: e.position,
  type: e.type,
  at: (e.data as { at?: string }).at,
  actor: e.metadata.actor,
  role: e.metadata.role,
  commandId: e.metadata.commandId,
  ...(e.metadata.requestDigest !== undefined ? { requestDigest: e.metadata.requestDigest } : {}),
  correlationId: e.metadata.correlationId,
  recordedAt: e.metadata.recordedAt,
  hash: e.metadata.hash,
  data: e.data,
});

/** "As of" and the audit trail, answered from the streams themselves, never from a read model. */
@Injectable()
export class HistoryQueries {
  constructor(private readonly streams: StreamCommands) {}

  private async events(streamId: string, what: string): Promise<RecordedEvent[]> {
    const events = await this.streams.read(streamId);
    if (events.length === 0) throw notFound(what);
    return events;
  }

  /** The file's stream, after checking the caller may read the file as it stands now (an expert removed since then may not). */
  private async applicationEvents(applicationId: string, request: RequestContext): Promise<RecordedEvent[]> {
    const events = await this.events(applicationStream(applicationId), `application ${applicationId}`);
    const now = (events as unknown as ApplicationEvent[]).reduce(evolveApplication, initialApplicationState());
    assertMayReadFile(request, { organisationId: now.applicant?.organisationId, expertIds: now.experts.map((e) => e.expertId) });
    return events;
  }

  async applicationAsOf(dto: ApplicationAsOfDto, request: RequestContext) {
    const events = await this.applicationEvents(dto.applicationId, request);
    return { applicationId: dto.applicationId, when: dto.when, ...applicationAsOf(events as unknown as ApplicationEvent[], dto.when) };
  }

  async certificateAsOf(dto: CertificateAsOfDto) {
    const events = (await this.events(certificateStream(dto.certificateNumber), `certificate ${dto.certificateNumber}`)) as unknown as CertificateEvent[];
    const state = certificateAsOf(events, dto.when);
    const day = isCalendarDate(dto.when) ? dto.when : dateOf(dto.when);
    // Findings, who took a standing decision and appeals are the programme's business; the public answer is status and term.
    const { findings: _findings, standingDecision: _decision, appeals: _appeals, ...publicState } = state;
    const inForce = state.status === 'active' && !!state.validFrom && !!state.validUntil && isWithinValidity({ validFrom: state.validFrom, validUntil: state.validUntil }, day);
    return { certificateNumber: dto.certificateNumber, when: dto.when, ...publicState, inForce };
  }

  async applicationHistory(dto: ApplicationHistoryDto, request: RequestContext): Promise<HistoryEntryView[]> {
    return (await this.applicationEvents(dto.applicationId, request)).map(historyEntry);
  }

  async certificateHistory(dto: CertificateHistoryDto): Promise<HistoryEntryView[]> {
    return (await this.events(certificateStream(dto.certificateNumber), `certificate ${dto.certificateNumber}`)).map(historyEntry);
  }

  schemes() {
    return defaultSchemeCatalogue;
  }
}
