import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListingView, MatchView, NetworkExchangeSubjects, OwnListingsDto, Page, PublishListingBodyDto, RenewListingBodyDto, SearchListingsDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { ListingDoc, ListingPageDoc, MatchDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const listingId = uuidParam;

@ApiTags('network')
@Controller('network/listings')
export class NetworkListingsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('member', 'secretariat')
  @ApiOperation({
    summary:
      "Publish an offer or request (business, technology, research partner search) for the caller's organisation (the secretariat names one). " +
      'Unknown NACE codes or Nice classes, no code at all, a last day in the past or over a year ahead, an organisation the network does not know: 422 with the rule; nothing stored. ' +
      'A new offer is matched at once against open requests; each requester is told (network.match.suggested.v1)',
  })
  @ApiCreatedResponse({ type: ListingDoc })
  publish(@Body() body: PublishListingBodyDto) {
    return this.rpc.send<ListingView>(NetworkExchangeSubjects.publishListing, body);
  }

  @Get()
  @ApiOperation({ summary: 'Published listings not past their last day: by kind, NACE code or prefix, Nice class, country; newest first, paged' })
  @ApiOkResponse({ type: ListingPageDoc })
  search(@Query() query: SearchListingsDto) {
    return this.rpc.send<Page<ListingView>>(NetworkExchangeSubjects.searchListings, query);
  }

  @Get('own')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Every listing of the caller's organisation (the secretariat names one with organisationId), expired and withdrawn ones too" })
  @ApiOkResponse({ type: ListingPageDoc })
  own(@Query() query: OwnListingsDto) {
    return this.rpc.send<Page<ListingView>>(NetworkExchangeSubjects.ownListings, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One listing: a published one to anyone, an expired or withdrawn one only to its organisation and the secretariat (404 to others)' })
  @ApiOkResponse({ type: ListingDoc })
  get(@Param('id', listingId()) id: string) {
    return this.rpc.send<ListingView>(NetworkExchangeSubjects.getListing, { id });
  }

  @Get(':id/matches')
  @ApiOperation({ summary: 'The open offers that fit a request (kind, NACE / Nice codes, countries wanted), best first, each with the reasons and points of its rank' })
  @ApiOkResponse({ type: [MatchDoc] })
  matches(@Param('id', listingId()) id: string) {
    return this.rpc.send<MatchView[]>(NetworkExchangeSubjects.matchesForRequest, { id });
  }

  @Post(':id/renewal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Renew a listing to a later last day (at most a year ahead), also after it expired (then within the organisation's 50 open listings: 422 TooManyOpenListings); the listing's organisation or the secretariat" })
  @ApiOkResponse({ type: ListingDoc })
  renew(@Param('id', listingId()) id: string, @Body() body: RenewListingBodyDto) {
    return this.rpc.send<ListingView>(NetworkExchangeSubjects.renewListing, { ...body, id });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Withdraw a listing (a repeat changes nothing); the listing's organisation or the secretariat" })
  @ApiOkResponse({ type: ListingDoc })
  @ApiNoBody()
  withdraw(@Param('id', listingId()) id: string) {
    return this.rpc.send<ListingView>(NetworkExchangeSubjects.withdrawListing, { id });
  }
}
