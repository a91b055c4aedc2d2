import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { requestOf } from '@banat/messaging';
import {
  ApplicationAsOfDto,
  ApplicationHistoryDto,
  CertificateAsOfDto,
  CertificateHistoryDto,
  CertificationSubjects as S,
  GetApplicationDto,
  GetCertificateDto,
  ProjectionStatusDto,
  ListApplicationsDto,
  SearchRegisterDto,
  StatisticsDto,
  WorkloadDto,
} from '@banat/contracts';
import { assertMayReadProjectionStatus } from '../application/file-access';
import { HistoryQueries } from '../application/history-queries.service';
import { ProjectionStatus } from '../read-models/projection-status';
import { ReadModelQueries } from '../read-models/read-model-queries.service';

/** Queries over NATS: read models for the present, streams for history and "as of". */
@Controller()
export class CertificationQueriesController {
  constructor(
    private readonly readModels: ReadModelQueries,
    private readonly history: HistoryQueries,
    private readonly projections: ProjectionStatus,
  ) {}

  @MessagePattern(S.getApplication) application(@Payload() dto: GetApplicationDto, @Ctx() ctx: NatsContext) {
    return this.readModels.application(dto, requestOf(ctx));
  }
  @MessagePattern(S.listApplications) applications(@Payload() dto: ListApplicationsDto, @Ctx() ctx: NatsContext) {
    return this.readModels.applications(dto, requestOf(ctx));
  }
  @MessagePattern(S.getCertificate) certificate(@Payload() dto: GetCertificateDto) {
    return this.readModels.certificate(dto);
  }
  @MessagePattern(S.searchRegister) register(@Payload() dto: SearchRegisterDto) {
    return this.readModels.searchRegister(dto);
  }
  @MessagePattern(S.statistics) statistics(@Payload() dto: StatisticsDto) {
    return this.readModels.schemeStatistics(dto);
  }
  @MessagePattern(S.workload) workload(@Payload() dto: WorkloadDto, @Ctx() ctx: NatsContext) {
    return this.readModels.expertWorkload(dto, requestOf(ctx));
  }
  @MessagePattern(S.applicationAsOf) applicationAsOf(@Payload() dto: ApplicationAsOfDto, @Ctx() ctx: NatsContext) {
    return this.history.applicationAsOf(dto, requestOf(ctx));
  }
  @MessagePattern(S.certificateAsOf) certificateAsOf(@Payload() dto: CertificateAsOfDto) {
    return this.history.certificateAsOf(dto);
  }
  @MessagePattern(S.applicationHistory) applicationHistory(@Payload() dto: ApplicationHistoryDto, @Ctx() ctx: NatsContext) {
    return this.history.applicationHistory(dto, requestOf(ctx));
  }
  @MessagePattern(S.certificateHistory) certificateHistory(@Payload() dto: CertificateHistoryDto) {
    return this.history.certificateHistory(dto);
  }
  @MessagePattern(S.schemes) schemes() {
    return this.history.schemes();
  }
  @MessagePattern(S.projections) projectionStatus(@Payload() dto: ProjectionStatusDto, @Ctx() ctx: NatsContext) {
    assertMayReadProjectionStatus(requestOf(ctx));
    return this.projections.all({ lag: dto?.lag !== false });
  }
}
