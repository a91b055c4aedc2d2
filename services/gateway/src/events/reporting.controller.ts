import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IndicatorQueryDto, RenderedReport, ReportingSubjects as S, ReportQueryDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { printableReportPolicy } from '../http/secure-headers';
import { FigureDoc, IndicatorConfigDoc, IndicatorRecordsDoc, IndicatorReportDoc, ReportingRebuildDoc, ReportingStatusDoc } from '../docs/reporting-schemas';
import { RpcClient } from '../rpc/rpc-client.service';

const UNKNOWN_INDICATOR = 'no indicator of that id; `details.knownIndicators` lists those configured';
const BAD_QUERY = 'naming the field: a day that is not YYYY-MM-DD, a period that ends before it starts, a breakdown the indicator does not allow';

/** The programme's indicators for the funding body: figures by period and breakdown, as of a day, with the records and events behind them. */
@ApiTags('reporting')
@Controller('reporting')
export class ReportingHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('indicators')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'The indicators as configured: definition, source events, filter, measure, breakdowns, unit, targets per period' })
  @ApiOkResponse({ description: 'the programme and its indicators', type: IndicatorConfigDoc })
  indicators() {
    return this.rpc.send(S.indicators, {});
  }

  @Get('indicators/:indicator')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'One indicator for a period (from, to), broken down (breakdown=country,gender…), as it stood at the end of a day (asOf), against its targets; dimension=value parameters keep only those records' })
  @ApiOkResponse({ description: 'the figure and its groups', type: FigureDoc })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @ApiNotFoundResponse({ description: UNKNOWN_INDICATOR })
  figure(@Param('indicator') indicator: string, @Query() query: IndicatorQueryDto) {
    return this.rpc.send(S.figure, { ...query, indicator });
  }

  @Get('indicators/:indicator/records')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'Drill-down: the records behind a figure (or one group of it, e.g. country=RO&gender=female), each with the public event that produced it (id, type, subject, stream sequence); paged' })
  @ApiOkResponse({ description: 'the records', type: IndicatorRecordsDoc })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  @ApiNotFoundResponse({ description: UNKNOWN_INDICATOR })
  records(@Param('indicator') indicator: string, @Query() query: IndicatorQueryDto) {
    return this.rpc.send(S.records, { ...query, indicator });
  }

  @Get('report')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'Every indicator as a whole and by each breakdown: JSON, CSV (format=csv) or the printable report with bar charts, also the secretariat\'s dashboard (format=html)' })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOkResponse({ description: 'the report', type: IndicatorReportDoc })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  async report(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: FastifyReply) {
    const answer = await this.rpc.send<RenderedReport | Record<string, unknown>>(S.report, query);
    if (query.format === 'csv' || query.format === 'html') {
      const rendered = answer as RenderedReport;
      res.type(rendered.contentType);
      // The caller's figures: kept by no cache (the JSON API sets no policy of its own). The printable report is a page on the
      // API's origin: its print stylesheet allowed by hash and no script, as on the secretariat's pages (it had no policy at all).
      res.header('Cache-Control', 'no-store');
      if (query.format === 'csv') res.header('Content-Disposition', 'attachment; filename="indicators.csv"');
      else res.header('Content-Security-Policy', printableReportPolicy(rendered.body));
      return rendered.body;
    }
    return answer;
  }

  @Get('status')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'The reporting read model: facts held, its consumer\'s position on BANAT_PUBLIC and what is pending' })
  @ApiOkResponse({ description: 'the status', type: ReportingStatusDoc })
  status() {
    return this.rpc.send(S.status, {});
  }

  @Post('rebuild')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Rebuild the reporting read model from the start of BANAT_PUBLIC (status shows when it has caught up)' })
  @ApiNoBody()
  @ApiCreatedResponse({ description: 'rebuilding', type: ReportingRebuildDoc })
  rebuild() {
    return this.rpc.send(S.rebuild, {});
  }
}
