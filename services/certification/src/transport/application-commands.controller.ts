import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(S.submitApplication) submit(@Payload() dto: SubmitApplicationDto) {
    return this.commands.submit(dto);
  }
  @MessagePattern(S.checkCompleteness) checkCompleteness(@Payload() dto: CheckCompletenessDto) {
    return this.commands.checkCompleteness(dto);
  }
  @MessagePattern(S.supplementApplication) supplement(@Payload() dto: SupplementApplicationDto) {
    return this.commands.supplement(dto);
  }
  @MessagePattern(S.assignExpert) assignExpert(@Payload() dto: AssignExpertDto) {
    return this.commands.assignExpert(dto);
  }
  @MessagePattern(S.declareConflictOfInterest) declare(@Payload() dto: DeclareConflictOfInterestDto) {
    return this.commands.declareConflictOfInterest(dto);
  }
  @MessagePattern(S.submitScores) submitScores(@Payload() dto: SubmitScoresDto) {
    return this.commands.submitScores(dto);
  }
  @MessagePattern(S.completeReview) completeReview(@Payload() dto: CompleteReviewDto) {
    return this.commands.completeReview(dto);
  }
  @MessagePattern(S.decide) decide(@Payload() dto: DecideApplicationDto) {
    return this.commands.decide(dto);
  }
  @MessagePattern(S.lodgeAppeal) lodgeAppeal(@Payload() dto: LodgeAppealDto) {
    return this.commands.lodgeAppeal(dto);
  }
  @MessagePattern(S.decideAppeal) decideAppeal(@Payload() dto: DecideAppealDto) {
    return this.commands.decideAppeal(dto);
  }
}
