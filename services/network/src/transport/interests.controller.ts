import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnswerInterestDto, ExpressInterestDto, ListingIdDto, ListInterestsDto, NetworkExchangeSubjects } from '@banat/contracts';
import { InterestsService } from '../application/interests.service';

@Controller()
export class InterestsController {
  constructor(private readonly interests: InterestsService) {}

  @MessagePattern(NetworkExchangeSubjects.expressInterest)
  express(@Payload() dto: ExpressInterestDto) {
    return this.interests.express(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.answerInterest)
  answer(@Payload() dto: AnswerInterestDto) {
    return this.interests.answer(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.withdrawInterest)
  withdraw(@Payload() dto: ListingIdDto) {
    return this.interests.withdraw(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getInterest)
  get(@Payload() dto: ListingIdDto) {
    return this.interests.get(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.listInterests)
  list(@Payload() dto: ListInterestsDto) {
    return this.interests.list(dto);
  }
}
