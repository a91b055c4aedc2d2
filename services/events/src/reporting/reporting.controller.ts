import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IndicatorQueryDto, ReportingSubjects as S, ReportQueryDto } from '@banat/contracts';
import { ReportingService } from './reporting.service';

@Controller()
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  @MessagePattern(S.indicators)
  indicators() {
    return this.reporting.indicators();
  }

  @MessagePattern(S.figure)
  figure(@Payload() dto: IndicatorQueryDto) {
    return this.reporting.figure(dto);
  }

  @MessagePattern(S.records)
  records(@Payload() dto: IndicatorQueryDto) {
    return this.reporting.records(dto);
  }

  @MessagePattern(S.report)
  report(@Payload() dto: ReportQueryDto) {
    return this.reporting.report(dto);
  }

  @MessagePattern(S.status)
  status() {
    return this.reporting.status();
  }

  @MessagePattern(S.rebuild)
  rebuild() {
    return this.reporting.rebuild();
  }
}
