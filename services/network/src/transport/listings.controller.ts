import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListingIdDto, NetworkExchangeSubjects, OwnListingsDto, PublishListingDto, RenewListingDto, SearchListingsDto } from '@banat/contracts';
import { ListingsService } from '../application/listings.service';

@Controller()
export class ListingsController {
  constructor(private readonly listings: ListingsService) {}

  @MessagePattern(NetworkExchangeSubjects.publishListing)
  publish(@Payload() dto: PublishListingDto) {
    return this.listings.publish(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.renewListing)
  renew(@Payload() dto: RenewListingDto) {
    return this.listings.renew(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.withdrawListing)
  withdraw(@Payload() dto: ListingIdDto) {
    return this.listings.withdraw(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getListing)
  get(@Payload() dto: ListingIdDto) {
    return this.listings.get(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.searchListings)
  search(@Payload() dto: SearchListingsDto) {
    return this.listings.search(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.ownListings)
  own(@Payload() dto: OwnListingsDto) {
    return this.listings.own(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.matchesForRequest)
  matches(@Payload() dto: ListingIdDto) {
    return this.listings.matches(dto);
  }
}
