import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { requestOf } from '@banat/messaging';
import {
  AssignExpertDto,
  CertificationSubjects as S,
  CheckCompletenessDto,
  CompleteReviewDto,
  DecideAppealDto,
  DecideApplicationDto,
  DeclareConflictOfInterestDto,
  LodgeAppealDto,
  SubmitApplicationDto,
  SubmitScoresDto,
  SupplementApplicationDto,
} from '@banat/contracts';
import { ApplicationCommands } from '../application/application-commands.service';

/** Application commands over NATS: validated by the global pipe, judged by the decider. */
@Controller()
export class ApplicationCommandsController {
  constructor(private readonly commands: ApplicationCommands) {}

  @MessagePattern(S.submitApplication) submit(@Payload() dto: SubmitApplicationDto, @Ctx() ctx: NatsContext) {
    return this.commands.submit(dto, requestOf(ctx));
  }
  @MessagePattern(S.checkCompleteness) checkCompleteness(@Payload() dto: CheckCompletenessDto, @Ctx() ctx: NatsContext) {
    return this.commands.checkCompleteness(dto, requestOf(ctx));
  }
  @MessagePattern(S.supplementApplication) supplement(@Payload() dto: SupplementApplicationDto, @Ctx() ctx: NatsContext) {
    return this.commands.supplement(dto, requestOf(ctx));
  }
  @MessagePattern(S.assignExpert) assignExpert(@Payload() dto: AssignExpertDto, @Ctx() ctx: NatsContext) {
    return this.commands.assignExpert(dto, requestOf(ctx));
  }
  @MessagePattern(S.declareConflictOfInterest) declare(@Payload() dto: DeclareConflictOfInterestDto, @Ctx() ctx: NatsContext) {
    return this.commands.declareConflictOfInterest(dto, requestOf(ctx));
  }
  @MessagePattern(S.submitScores) submitScores(@Payload() dto: SubmitScoresDto, @Ctx() ctx: NatsContext) {
    return this.commands.submitScores(dto, requestOf(ctx));
  }
  @MessagePattern(S.completeReview) completeReview(@Payload() dto: CompleteReviewDto, @Ctx() ctx: NatsContext) {
    return this.commands.completeReview(dto, requestOf(ctx));
  }
  @MessagePattern(S.decide) decide(@Payload() dto: DecideApplicationDto, @Ctx() ctx: NatsContext) {
    return this.commands.decide(dto, requestOf(ctx));
  }
  @MessagePattern(S.lodgeAppeal) lodgeAppeal(@Payload() dto: LodgeAppealDto, @Ctx() ctx: NatsContext) {
    return this.commands.lodgeAppeal(dto, requestOf(ctx));
  }
  @MessagePattern(S.decideAppeal) decideAppeal(@Payload() dto: DecideAppealDto, @Ctx() ctx: NatsContext) {
    return this.commands.decideAppeal(dto, requestOf(ctx));
  }
}
