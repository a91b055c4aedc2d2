import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswerInterestBodyDto, ExpressInterestBodyDto, InterestView, ListInterestsDto, NetworkExchangeSubjects, Page } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { InterestDoc, InterestPageDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

@ApiTags('network')
@Controller('network')
export class NetworkInterestsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('listings/:id/interests')
  @Roles('member', 'secretariat')
  @ApiOperation({
    summary:
      "Express the caller's organisation's interest in an open listing, with a reply deadline (tomorrow to 30 days; default 14). " +
      "422 with the rule for interest in one's own listing, a listing not open, one already awaiting a reply, a deadline out of range, " +
      'an 11th by the organisation in the listing (TooManyInterests); ' +
      '409 for one sent at the same moment as another of the same organisation in the listing',
  })
  @ApiCreatedResponse({ type: InterestDoc })
  express(@Param('id', uuid()) listingId: string, @Body() body: ExpressInterestBodyDto) {
    return this.rpc.send<InterestView>(NetworkExchangeSubjects.expressInterest, { ...body, listingId });
  }

  @Get('interests')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "The organisation's expressions of interest: side=sent (in others' listings) or side=received (in its own), with their status" })
  @ApiOkResponse({ type: InterestPageDoc })
  list(@Query() query: ListInterestsDto) {
    return this.rpc.send<Page<InterestView>>(NetworkExchangeSubjects.listInterests, query);
  }

  @Get('interests/:id')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'One expression of interest, to either side and the secretariat (404 to others); unanswered past its deadline it reads as expired' })
  @ApiOkResponse({ type: InterestDoc })
  get(@Param('id', uuid()) id: string) {
    return this.rpc.send<InterestView>(NetworkExchangeSubjects.getInterest, { id });
  }

  @Post('interests/:id/answer')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "The listing's organisation accepts or declines by the deadline (422 InterestExpired after it, InterestNotPending once answered)" })
  @ApiOkResponse({ type: InterestDoc })
  answer(@Param('id', uuid()) id: string, @Body() body: AnswerInterestBodyDto) {
    return this.rpc.send<InterestView>(NetworkExchangeSubjects.answerInterest, { ...body, id });
  }

  @Post('interests/:id/withdrawal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'The interested organisation takes its interest back while it awaits a reply' })
  @ApiOkResponse({ type: InterestDoc })
  @ApiNoBody()
  withdraw(@Param('id', uuid()) id: string) {
    return this.rpc.send<InterestView>(NetworkExchangeSubjects.withdrawInterest, { id });
  }
}
