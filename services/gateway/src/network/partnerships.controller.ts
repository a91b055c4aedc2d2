import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActivePartnershipsDto, EndPartnershipBodyDto, NetworkExchangeSubjects, Page, PartnershipView, ProposePartnershipDto, PublicPartnershipView } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { PartnershipDoc, PublicPartnershipPageDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

@ApiTags('network')
@Controller('network/partnerships')
export class NetworkPartnershipsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Propose a partnership (business, research, cross-border project, twinning) to another registered organisation, with a title, period and goals (the caller's organisation proposes; the secretariat names it); 422 PartnershipWithSelf, OrganisationNotRegistered, PartnershipPeriodInvalid, GoalsRequired, TooManyOpenProposals (20 of the organisation's proposals await an answer; two sent at once: one a 409)" })
  @ApiCreatedResponse({ type: PartnershipDoc })
  propose(@Body() body: ProposePartnershipDto) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.proposePartnership, body);
  }

  @Get()
  @ApiOperation({ summary: 'Active partnerships, to anyone: the two organisations (ids, names), kind and period only' })
  @ApiOkResponse({ type: PublicPartnershipPageDoc })
  active(@Query() query: ActivePartnershipsDto) {
    return this.rpc.send<Page<PublicPartnershipView>>(NetworkExchangeSubjects.activePartnerships, query);
  }

  @Get(':id')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'A partnership with its history of steps, to both organisations and the secretariat (404 to others)' })
  @ApiOkResponse({ type: PartnershipDoc })
  get(@Param('id', uuid()) id: string) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.getPartnership, { id });
  }

  @Post(':id/acceptance')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The partner organisation's member (or the secretariat) accepts a proposed partnership" })
  @ApiOkResponse({ type: PartnershipDoc })
  accept(@Param('id', uuid()) id: string) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.acceptPartnership, { id });
  }

  @Post(':id/refusal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The partner organisation's member (or the secretariat) declines a proposed partnership" })
  @ApiOkResponse({ type: PartnershipDoc })
  decline(@Param('id', uuid()) id: string) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.declinePartnership, { id });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The proposing organisation's member (or the secretariat) withdraws a proposal the partner has not answered: it no longer counts against the 20 open proposals; 403 to the partner, 422 PartnershipNotInStatus once accepted, declined or withdrawn" })
  @ApiOkResponse({ type: PartnershipDoc })
  withdraw(@Param('id', uuid()) id: string) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.withdrawPartnership, { id });
  }

  @Post(':id/ending')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'End an active partnership with its outcome (either side or the secretariat)' })
  @ApiOkResponse({ type: PartnershipDoc })
  end(@Param('id', uuid()) id: string, @Body() body: EndPartnershipBodyDto) {
    return this.rpc.send<PartnershipView>(NetworkExchangeSubjects.endPartnership, { ...body, id });
  }
}
