import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(S.getApplication) application(@Payload() dto: GetApplicationDto) {
    return this.readModels.application(dto);
  }
  @MessagePattern(S.listApplications) applications(@Payload() dto: ListApplicationsDto) {
    return this.readModels.applications(dto);
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
  @MessagePattern(S.workload) workload(@Payload() dto: WorkloadDto) {
    return this.readModels.expertWorkload(dto);
  }
  @MessagePattern(S.applicationAsOf) applicationAsOf(@Payload() dto: ApplicationAsOfDto) {
    return this.history.applicationAsOf(dto);
  }
  @MessagePattern(S.certificateAsOf) certificateAsOf(@Payload() dto: CertificateAsOfDto) {
    return this.history.certificateAsOf(dto);
  }
  @MessagePattern(S.applicationHistory) applicationHistory(@Payload() dto: ApplicationHistoryDto) {
    return this.history.applicationHistory(dto);
  }
  @MessagePattern(S.certificateHistory) certificateHistory(@Payload() dto: CertificateHistoryDto) {
    return this.history.certificateHistory(dto);
  }
  @MessagePattern(S.schemes) schemes() {
    return this.history.schemes();
  }
  @MessagePattern(S.projections) projectionStatus(@Payload() dto: ProjectionStatusDto) {
    return this.projections.all({ lag: dto?.lag !== false });
  }
}
