import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ActivePartnershipsDto, EndPartnershipDto, ListingIdDto, NetworkExchangeSubjects, ProposePartnershipDto } from '@banat/contracts';
import { PartnershipsService } from '../application/partnerships.service';

@Controller()
export class PartnershipsController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @MessagePattern(NetworkExchangeSubjects.proposePartnership)
  propose(@Payload() dto: ProposePartnershipDto) {
    return this.partnerships.propose(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.acceptPartnership)
  accept(@Payload() dto: ListingIdDto) {
    return this.partnerships.accept(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.declinePartnership)
  decline(@Payload() dto: ListingIdDto) {
    return this.partnerships.decline(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.endPartnership)
  end(@Payload() dto: EndPartnershipDto) {
    return this.partnerships.end(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.withdrawPartnership)
  withdraw(@Payload() dto: ListingIdDto) {
    return this.partnerships.withdraw(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getPartnership)
  get(@Payload() dto: ListingIdDto) {
    return this.partnerships.get(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.activePartnerships)
  active(@Payload() dto: ActivePartnershipsDto) {
    return this.partnerships.active(dto);
  }
}
