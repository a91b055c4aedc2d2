import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnswerMentoringDto, CloseMentoringDto, ListingIdDto, MentoringMeetingDto, NetworkExchangeSubjects, ProposeMentoringDto } from '@banat/contracts';
import { MentoringsService } from '../application/mentorings.service';

@Controller()
export class MentoringsController {
  constructor(private readonly mentorings: MentoringsService) {}

  @MessagePattern(NetworkExchangeSubjects.proposeMentoring)
  propose(@Payload() dto: ProposeMentoringDto) {
    return this.mentorings.propose(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.answerMentoring)
  answer(@Payload() dto: AnswerMentoringDto) {
    return this.mentorings.answer(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.recordMentoringMeeting)
  recordMeeting(@Payload() dto: MentoringMeetingDto) {
    return this.mentorings.recordMeeting(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.closeMentoring)
  close(@Payload() dto: CloseMentoringDto) {
    return this.mentorings.close(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.withdrawMentoring)
  withdraw(@Payload() dto: ListingIdDto) {
    return this.mentorings.withdraw(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getMentoring)
  get(@Payload() dto: ListingIdDto) {
    return this.mentorings.get(dto);
  }
}
