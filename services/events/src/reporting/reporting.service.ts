import { readFileSync } from 'node:fs';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, Model, Schema } from 'mongoose';
import { NatsConnection } from 'nats';
import { IndicatorQueryDto, RegistryEvents, RenderedReport, REPORTING_DIMENSIONS, ReportQueryDto, RpcErrorCodes } from '@banat/contracts';
import { consumePublicEvents, currentContext, forbidden, InjectNats, jetStreamApisOf, PUBLIC_STREAM, PublicEventConsumer, PublicEventDelivery, RpcFailure, validationFailed } from '@banat/messaging';
import type { ProgrammeEventFact } from '../domain/programme-event';
import { EventStreams } from '../application/event-streams';
import { checkQuery, computeFigure, drillDown, Figure, IndicatorQuery, IndicatorQueryInvalid, OrganisationAttributes, resolve, typesOf } from './domain/engine';
import { ENRICHED_TYPES, Enrichment, FactRecord, factsOf, programmeDay } from './domain/facts';
import { IndicatorConfig, IndicatorDefinition, validateIndicatorConfig } from './domain/indicator-config';
import { Report, reportCsv, reportHtml } from './domain/report';
import programmeIndicators from './indicators.json';

/** The durable consumer of BANAT_PUBLIC the reporting read model is fed by (deploy/nats/auth.conf names it). */
export const REPORTING_CONSUMER = 'events-reporting';

/** The indicators: `REPORTING_INDICATORS_FILE` (another programme's JSON) or the programme's own set; invalid stops the service. */
export function loadIndicatorConfig(file = process.env.REPORTING_INDICATORS_FILE): IndicatorConfig {
  return validateIndicatorConfig(file ? JSON.parse(readFileSync(file, 'utf8')) : programmeIndicators);
}

const FactSchema = new Schema<FactRecord>({ _id: String }, { collection: 'report_facts', versionKey: false, strict: false });
FactSchema.index({ type: 1, day: 1 });
type OrganisationDoc = OrganisationAttributes & { _id: string; revision: number };
const OrganisationSchema = new Schema<OrganisationDoc>({ _id: String, revision: Number }, { collection: 'report_organisations', versionKey: false, strict: false });

const REGISTRY_TYPES: ReadonlySet<string> = new Set(Object.values(RegistryEvents).map((e) => e.type));
const requireRole = (...roles: string[]) => {
  if (!roles.includes(currentContext()?.role ?? '')) throw forbidden(`indicators are for ${roles.join(' and ')}`);
};

/**
 * The reporting read model: a fact table fed by every service's public events (durable consumer
 * `events-reporting`), the organisations' country, region and kind from the registry's events, and
 * the indicator engine over them. Rebuilt from the stream on request.
 */
@Injectable()
export class ReportingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportingService.name);
  private readonly facts: Model<FactRecord>;
  private readonly organisations: Model<OrganisationDoc>;
  private consumer?: PublicEventConsumer;
  readonly config = loadIndicatorConfig();

  constructor(
    @InjectConnection() connection: Connection,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly streams: EventStreams,
  ) {
    this.facts = connection.models.ReportFact ?? connection.model<FactRecord>('ReportFact', FactSchema);
    this.organisations = connection.models.ReportOrganisation ?? connection.model<OrganisationDoc>('ReportOrganisation', OrganisationSchema);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.startConsumer();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private async startConsumer(): Promise<void> {
    this.consumer = await consumePublicEvents(this.nc, { durable: REPORTING_CONSUMER, filterSubjects: ['>'], handle: (event, delivery) => this.apply(event, delivery) });
  }

  /** Idempotent: a fact's id is its event's source and id; an organisation keeps its highest revision. */
  async apply(event: { id: string; type: string; source: string; subject?: string; time?: string; data: unknown }, delivery: PublicEventDelivery): Promise<void> {
    if (REGISTRY_TYPES.has(event.type)) {
      const org = event.data as { id: string; country: string; region: string; kind: string; revision: number };
      const known = await this.organisations.findById(org.id).lean<OrganisationDoc>();
      if (known && known.revision >= org.revision) return; // a redelivery, or older than what is known
      await this.organisations.updateOne({ _id: org.id }, { $set: { country: org.country, region: org.region, organisationKind: org.kind, revision: org.revision } }, { upsert: true });
      return;
    }
    const enrichment = ENRICHED_TYPES.has(event.type) ? await this.enrichment(event) : {};
    const facts = factsOf({ ...event, natsSubject: delivery.subject, sequence: delivery.streamSequence, recordedAt: delivery.storedAt }, enrichment);
    if (facts.length === 0) return;
    await this.facts.bulkWrite(facts.map((f) => ({ replaceOne: { filter: { _id: f._id }, replacement: f, upsert: true } })), { ordered: false });
  }

  /**
   * What only the events service's own records say of a check-in or an answer, found by the public
   * event's id (`<eventId>:<revision>:<n>`, the commit and the fact in it): the person's gender and
   * whether it is their first check-in at the event; an answer's scale questions as a 0–100 score.
   */
  private async enrichment(event: { id: string; type: string }): Promise<Enrichment> {
    const match = /^(.+):(\d+):(\d+)$/.exec(event.id);
    if (!match) return {};
    const [, eventId, revisionText, indexText] = match;
    const revision = Number(revisionText);
    const commits = await this.streams.commitsUpTo(eventId, revision);
    const fact = commits.find((c) => c.revision === revision)?.facts[Number(indexText)] as ProgrammeEventFact | undefined;
    if (!fact) return {};
    const { state } = await this.streams.load(eventId);
    if (fact.type === 'PersonCheckedIn') {
      const person = state.entries[fact.data.registrationId]?.people.find((p) => p.email === fact.data.email);
      const earlier = commits
        .flatMap((c) => (c.facts as ProgrammeEventFact[]).map((f, n) => ({ f, before: c.revision < revision || n < Number(indexText) })))
        .some(({ f, before }) => before && f.type === 'PersonCheckedIn' && f.data.email === fact.data.email);
      return { gender: person?.gender ?? 'unspecified', firstCheckIn: !earlier };
    }
    if (fact.type === 'SurveyAnswered') {
      const questions = state.surveys[fact.data.surveyId]?.definition.questions ?? [];
      const points = fact.data.answers.flatMap((a) => {
        const q = questions.find((x) => x.questionId === a.questionId);
        return q?.kind === 'scale' && typeof a.value === 'number' && q.max > q.min ? [((a.value - q.min) / (q.max - q.min)) * 100] : [];
      });
      return points.length === 0 ? {} : { score: Math.round((points.reduce((a, b) => a + b, 0) / points.length) * 100) / 100 };
    }
    return {};
  }

  indicators(): IndicatorConfig {
    requireRole('secretariat', 'auditor');
    return this.config;
  }

  async figure(dto: IndicatorQueryDto): Promise<Figure> {
    requireRole('secretariat', 'auditor');
    const query = this.queryOf(dto);
    const definition = this.checked(query);
    return computeFigure(definition, await this.factsFor(definition, query.asOf), query);
  }

  async records(dto: IndicatorQueryDto) {
    requireRole('secretariat', 'auditor');
    const query = this.queryOf(dto);
    const definition = this.checked(query);
    const all = drillDown(definition, await this.factsFor(definition, query.asOf), query);
    const page = dto.page ?? 1;
    const pageSize = dto.pageSize ?? 100;
    return { indicator: definition.id, from: query.from, to: query.to, asOf: query.asOf, where: query.where ?? {}, total: all.length, page, pageSize, items: all.slice((page - 1) * pageSize, page * pageSize) };
  }

  /** Every indicator as a whole and by each breakdown it allows. */
  async report(dto: ReportQueryDto): Promise<Report | RenderedReport> {
    requireRole('secretariat', 'auditor');
    const period = this.queryOf({ ...dto, indicator: this.config.indicators[0].id });
    const figures: Figure[] = [];
    for (const definition of this.config.indicators) {
      const query = { ...period, indicator: definition.id };
      this.checked(query);
      const facts = await this.factsFor(definition, query.asOf);
      figures.push(computeFigure(definition, facts, query));
      for (const dimension of definition.breakdowns) figures.push(computeFigure(definition, facts, { ...query, breakdown: [dimension] }));
    }
    const report: Report = { programme: this.config.programme, from: period.from, to: period.to, asOf: period.asOf, generatedAt: new Date().toISOString(), figures };
    if (dto.format === 'csv') return { contentType: 'text/csv; charset=utf-8', body: reportCsv(report) };
    if (dto.format === 'html') return { contentType: 'text/html; charset=utf-8', body: reportHtml(report) };
    return report;
  }

  /** How far the read model is: facts held, the consumer's position and what is still pending on the stream. */
  async status() {
    requireRole('secretariat', 'auditor');
    const jsm = await this.nc.jetstreamManager({ apiPrefix: jetStreamApisOf(this.nc).public });
    const info = await jsm.consumers.info(PUBLIC_STREAM, REPORTING_CONSUMER);
    return {
      consumer: REPORTING_CONSUMER,
      facts: await this.facts.estimatedDocumentCount(),
      organisations: await this.organisations.estimatedDocumentCount(),
      deliveredSequence: info.delivered.stream_seq,
      pending: info.num_pending + info.num_ack_pending,
      caughtUp: info.num_pending === 0 && info.num_ack_pending === 0,
      poisoned: this.consumer?.poisoned() ?? [],
    };
  }

  /**
   * Throws the read model away and replays BANAT_PUBLIC from its first event: the consumer is
   * deleted and made again. Run it on one replica (another replica's consumer is left stopped).
   */
  async rebuild() {
    requireRole('secretariat');
    await this.consumer?.stop();
    const jsm = await this.nc.jetstreamManager({ apiPrefix: jetStreamApisOf(this.nc).public });
    await jsm.consumers.delete(PUBLIC_STREAM, REPORTING_CONSUMER).catch((error) => {
      if (!String(error).includes('consumer not found')) throw error;
    });
    await Promise.all([this.facts.deleteMany({}), this.organisations.deleteMany({})]);
    await this.startConsumer();
    this.logger.log('reporting read model rebuilding from the start of BANAT_PUBLIC');
    return { rebuilding: true, consumer: REPORTING_CONSUMER };
  }

  private queryOf(dto: IndicatorQueryDto): IndicatorQuery {
    const today = programmeDay(new Date());
    const where = Object.fromEntries(REPORTING_DIMENSIONS.flatMap((d) => (dto[d] === undefined ? [] : [[d, dto[d] as string]])));
    return {
      indicator: dto.indicator ?? '',
      from: dto.from ?? `${today.slice(0, 4)}-01-01`,
      to: dto.to ?? today,
      asOf: dto.asOf ?? today,
      breakdown: dto.breakdown ? dto.breakdown.split(',').map((d) => d.trim()).filter(Boolean) : [],
      ...(Object.keys(where).length > 0 ? { where } : {}),
    };
  }

  private checked(query: IndicatorQuery): IndicatorDefinition {
    // The indicator is the resource the path names: one that does not exist is a 404 listing those that do (as statistics of an unknown scheme).
    if (!this.config.indicators.some((i) => i.id === query.indicator)) {
      const known = this.config.indicators.map((i) => i.id);
      throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `indicator ${query.indicator} not found; the indicators are ${known.join(', ')}`, details: { indicator: query.indicator, knownIndicators: known } });
    }
    try {
      return checkQuery(this.config, query);
    } catch (error) {
      if (error instanceof IndicatorQueryInvalid) throw validationFailed(error.fields, error.message);
      throw error;
    }
  }

  private async factsFor(definition: IndicatorDefinition, asOf: string): Promise<FactRecord[]> {
    const [facts, organisations] = await Promise.all([
      this.facts.find({ type: { $in: typesOf(definition) }, day: { $lte: asOf }, recordedDay: { $lte: asOf } }).lean<FactRecord[]>(),
      this.organisations.find({}).lean<OrganisationDoc[]>(),
    ]);
    const byId = new Map(organisations.map((o) => [o._id, o]));
    return facts.map((f) => resolve(f, byId));
  }
}

