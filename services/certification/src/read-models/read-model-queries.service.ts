import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { InjectModel } from '@nestjs/mongoose';
import type { FilterQuery, Model } from 'mongoose';
import { CheckpointStore, type ProjectorRunner } from '@banat/projections';
import {
  ExpertWorkloadView,
  GetApplicationDto,
  GetCertificateDto,
  ListApplicationsDto,
  ListPage,
  RegisterEntryView,
  SchemeStatisticsView,
  SearchRegisterDto,
  StatisticsDto,
  RpcErrorCodes,
  WorkloadDto,
} from '@banat/contracts';
import type { EventStore } from '@banat/event-store';
import { notFound, RpcFailure, type RequestContext } from '@banat/messaging';
import { InjectEventStore } from '../application/event-store.provider';
import { assertMayReadFile, assertMayReadWorkload, listingScope } from '../application/file-access';
import { StreamCommands } from '../application/stream-commands';
import { applicationStream, certificateStream, defaultSchemeCatalogue } from '../domain';
import { APPLICATION_FILE, ApplicationFileDocument } from './application-file.schema';
import { EXPERT_WORKLOAD, ExpertWorkloadDocument } from './expert-workload.schema';
import { FILES_PROJECTOR, REGISTER_PROJECTOR, STATISTICS_PROJECTOR, WORKLOAD_PROJECTOR } from './projectors';
import { FILES_PROJECTION, REGISTER_PROJECTION, STATISTICS_PROJECTION, WORKLOAD_PROJECTION } from './projection-status';
import { caughtUp } from './read-your-writes';
import { REGISTER_ENTRY, RegisterEntryDocument } from './register.schema';
import { RegisterFilter, RegisterMirror } from './register-mirror';
import { OUTCOMES, SCHEME_STATISTICS, SchemeStatisticsDocument } from './scheme-statistics.schema';

const HIDDEN = { _position: 0, _positionSpan: 0 };


const registerView = ({ _id, ...entry }: RegisterEntryDocument & { _position?: number; _positionSpan?: number }): RegisterEntryView => {
  delete entry._position;
  delete entry._positionSpan;
  return { certificateNumber: _id, ...entry } as RegisterEntryView;
};

const fileView = (doc: ApplicationFileDocument) => ({
  applicationId: doc._id,
  ...doc.state,
  status: doc.status,
  history: doc.history,
  submittedAt: doc.submittedAt,
  updatedAt: doc.updatedAt,
  revision: doc.revision,
});

/** Queries on the read models: plain filters, indexes and prefix regexes, as FerretDB 1.x runs them. */
@Injectable()
export class ReadModelQueries {
  constructor(
    @InjectModel(REGISTER_ENTRY) private readonly register: Model<RegisterEntryDocument>,
    @InjectModel(APPLICATION_FILE) private readonly files: Model<ApplicationFileDocument>,
    @InjectModel(SCHEME_STATISTICS) private readonly statistics: Model<SchemeStatisticsDocument>,
    @InjectModel(EXPERT_WORKLOAD) private readonly workload: Model<ExpertWorkloadDocument>,
    @InjectConnection() connection: Connection,
    private readonly streams: StreamCommands,
    private readonly registerMirror: RegisterMirror,
    @InjectEventStore() private readonly store: EventStore,
    // Absent on a command-only replica (CERTIFICATION_PROJECTORS=off): it waits on the stored checkpoints instead.
    @Optional() @Inject(REGISTER_PROJECTOR) private readonly registerRunner?: ProjectorRunner,
    @Optional() @Inject(FILES_PROJECTOR) private readonly filesRunner?: ProjectorRunner,
    @Optional() @Inject(STATISTICS_PROJECTOR) private readonly statisticsRunner?: ProjectorRunner,
    @Optional() @Inject(WORKLOAD_PROJECTOR) private readonly workloadRunner?: ProjectorRunner,
  ) {
    this.checkpoints = new CheckpointStore(connection);
  }

  private readonly checkpoints: CheckpointStore;

  /** Read-your-writes for one item: without the caller's `after`, the read model waits for the stream's own last event. */
  private async positionOf(streamId: string, after?: number): Promise<number | undefined> {
    if (after !== undefined) return after;
    return (await this.streams.read(streamId)).at(-1)?.position;
  }

  async certificate(dto: GetCertificateDto): Promise<RegisterEntryView> {
    await caughtUp(this.store, this.registerRunner ?? { name: REGISTER_PROJECTION, checkpoints: this.checkpoints }, await this.positionOf(certificateStream(dto.certificateNumber), dto.after));
    const entry = await this.register.findById(dto.certificateNumber, HIDDEN).lean<RegisterEntryDocument>();
    if (!entry) throw notFound(`certificate ${dto.certificateNumber}`);
    return registerView(entry);
  }

  /** From this replica's copy of the register (RegisterMirror): FerretDB would read the whole collection per page. */
  async searchRegister(dto: SearchRegisterDto): Promise<ListPage<RegisterEntryView>> {
    await caughtUp(this.store, this.registerRunner ?? { name: REGISTER_PROJECTION, checkpoints: this.checkpoints }, dto.after);
    const filter: RegisterFilter = {};
    if (dto.status) filter.status = dto.status;
    if (dto.schemeId) filter.schemeId = dto.schemeId;
    const country = dto.holderCountry ?? dto.country;
    const region = dto.holderRegion ?? dto.region;
    const number = dto.certificateNumber ?? dto.number;
    if (country) filter.holderCountry = country;
    if (region) filter.holderRegion = region;
    if (dto.holderOrganisationId) filter.holderOrganisationId = dto.holderOrganisationId;
    if (number) filter.numberPrefix = number.replace(/[^A-Z0-9-]/g, '');
    const page = dto.page ?? 1;
    const pageSize = dto.pageSize ?? 20;
    const { items, total } = await this.registerMirror.page(filter, page, pageSize, dto.after);
    return { items: items.map((entry) => registerView({ ...entry })), total, page, pageSize };
  }

  /** Certificates whose term ended before `today` and that nobody has marked expired yet. */
  async dueForExpiry(today: string): Promise<string[]> {
    const due = await this.register.find({ status: { $in: ['active', 'suspended'] }, validUntil: { $lt: today } }, { _id: 1 }).lean<{ _id: string }[]>();
    return due.map((d) => d._id);
  }

  async application(dto: GetApplicationDto, request: RequestContext) {
    await caughtUp(this.store, this.filesRunner ?? { name: FILES_PROJECTION, checkpoints: this.checkpoints }, await this.positionOf(applicationStream(dto.applicationId), dto.after));
    const file = await this.files.findById(dto.applicationId, HIDDEN).lean<ApplicationFileDocument>();
    if (!file) throw notFound(`application ${dto.applicationId}`);
    assertMayReadFile(request, { organisationId: file.organisationId, expertIds: file.expertIds ?? [] });
    return fileView(file);
  }

  async applications(dto: ListApplicationsDto, request: RequestContext) {
    // The caller's scope replaces whatever the query asked for: a member or expert cannot widen it.
    const scope = listingScope(request);
    await caughtUp(this.store, this.filesRunner ?? { name: FILES_PROJECTION, checkpoints: this.checkpoints }, dto.after);
    const filter: FilterQuery<ApplicationFileDocument> = {};
    const expertId = scope.expertId ?? dto.expertId;
    const organisationId = scope.organisationId ?? dto.organisationId;
    if (dto.status) filter.status = dto.status;
    if (dto.schemeId) filter.schemeId = dto.schemeId;
    if (expertId) filter.expertIds = expertId;
    if (organisationId) filter.organisationId = organisationId;
    return this.page(this.files, filter, dto, fileView);
  }

  async schemeStatistics(dto: StatisticsDto): Promise<SchemeStatisticsView> {
    // An unknown scheme has no statistics, not zeros.
    const known = [...new Set(defaultSchemeCatalogue.map((s) => s.id))];
    if (!known.includes(dto.schemeId)) {
      throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `scheme ${dto.schemeId} not found; the schemes are ${known.join(', ')}`, details: { schemeId: dto.schemeId, knownSchemes: known } });
    }
    await caughtUp(this.store, this.statisticsRunner ?? { name: STATISTICS_PROJECTION, checkpoints: this.checkpoints }, dto.after);
    const rows = await this.statistics.find({ schemeId: dto.schemeId }, HIDDEN).lean<SchemeStatisticsDocument[]>();
    const view: SchemeStatisticsView = { schemeId: dto.schemeId, totals: {}, byCountry: {}, byRegion: {} };
    const add = (into: Record<string, number>, row: SchemeStatisticsDocument) => {
      for (const outcome of OUTCOMES) into[outcome] = (into[outcome] ?? 0) + (row[outcome] ?? 0);
    };
    for (const row of rows) {
      add(view.totals, row);
      add((view.byCountry[row.country] ??= {}), row);
      add((view.byRegion[row.region] ??= {}), row);
    }
    if (rows.length === 0) add(view.totals, { _id: '', schemeId: dto.schemeId, country: '', region: '' });
    return view;
  }

  async expertWorkload(dto: WorkloadDto, request: RequestContext): Promise<ExpertWorkloadView[]> {
    assertMayReadWorkload(request, dto.expertId);
    await caughtUp(this.store, this.workloadRunner ?? { name: WORKLOAD_PROJECTION, checkpoints: this.checkpoints }, dto.after);
    const rows = await this.workload.find(dto.expertId ? { _id: dto.expertId } : {}, HIDDEN).sort({ _id: 1 }).lean<ExpertWorkloadDocument[]>();
    return rows.map((r) => ({
      expertId: r._id,
      assigned: r.assigned ?? 0,
      scored: r.scored ?? 0,
      removed: r.removed ?? 0,
      open: (r.assigned ?? 0) - (r.scored ?? 0) - (r.removed ?? 0),
      applicationIds: r.applicationIds ?? [],
    }));
  }

  private async page<D, V>(model: Model<D>, filter: FilterQuery<D>, dto: { page?: number; pageSize?: number }, view: (d: D) => V): Promise<ListPage<V>> {
    const page = dto.page ?? 1;
    const pageSize = dto.pageSize ?? 20;
    const [docs, total] = await Promise.all([
      model.find(filter, HIDDEN).sort({ _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<D[]>(),
      model.countDocuments(filter),
    ]);
    return { items: docs.map(view), total, page, pageSize };
  }
}
