import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CertificationSubjects as S, ConsistentReadDto, ExpertWorkloadView, ProjectionStatusView, SchemeStatisticsView } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ExpertWorkloadDoc, ProjectionStatusDoc, SchemeDoc, SchemeStatisticsDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';

/** Programme-wide views: schemes, statistics per scheme, experts' workload. */
@ApiTags('certification')
@Controller()
export class CertificationProgrammeHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('schemes')
  @Roles('public')
  @ApiOperation({ summary: 'Certification schemes: criteria, thresholds, evidence, validity and appeal rules' })
  @ApiOkResponse({ type: [SchemeDoc] })
  schemes() {
    return this.rpc.send(S.schemes, {});
  }

  @Get('certification/projections')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'Each read model and publisher of the certification history: checkpoint and head (history positions), lag (a count of events behind), state (ok, or failed on a poison event with its position and error)' })
  @ApiOkResponse({ type: [ProjectionStatusDoc] })
  projections() {
    return this.rpc.send<ProjectionStatusView[]>(S.projections, {});
  }

  @Get('statistics/:schemeId')
  @Roles('public')
  @ApiOperation({ summary: 'Applications and certificates of a scheme by country, region and outcome' })
  @ApiOkResponse({ type: SchemeStatisticsDoc })
  statistics(@Param('schemeId') schemeId: string, @Query() query: ConsistentReadDto) {
    return this.rpc.send<SchemeStatisticsView>(S.statistics, { ...query, schemeId });
  }

  @Get('experts/workload')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'Every expert\'s workload: files assigned, scored, removed and open' })
  @ApiOkResponse({ type: [ExpertWorkloadDoc] })
  workload(@Query() query: ConsistentReadDto) {
    return this.rpc.send<ExpertWorkloadView[]>(S.workload, query);
  }

  @Get('experts/:expertId/workload')
  @Roles('secretariat', 'expert', 'auditor')
  @ApiOperation({ summary: 'One expert\'s workload (an expert sees only their own)' })
  @ApiOkResponse({ type: [ExpertWorkloadDoc] })
  expertWorkload(@Param('expertId') expertId: string, @Query() query: ConsistentReadDto) {
    return this.rpc.send<ExpertWorkloadView[]>(S.workload, { ...query, expertId });
  }
}
