import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplyForMembershipBodyDto, ApproveMembershipBodyDto, BrandHoldersPageDto, BrandHolderView, ListMembersDto, MembershipReasonBodyDto, MembershipView, NetworkExchangeSubjects, Page } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { BrandHolderPageDoc, MembershipDoc, MembershipPageDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const organisationId = uuidParam;

@ApiTags('network')
@Controller('network/members')
export class NetworkMembersHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('member', 'secretariat')
  @ApiOperation({
    summary:
      "Apply for membership of the network with roles (partner, expert-organisation, ngo, research-institution; brand-holder follows certification). " +
      'The organisation must be registered and active (422 OrganisationNotRegistered); roles must fit its kind; its members apply at most 10 times (422 TooManyApplications: then the secretariat applies for it)',
  })
  @ApiCreatedResponse({ type: MembershipDoc })
  apply(@Body() body: ApplyForMembershipBodyDto) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.applyForMembership, body);
  }

  @Get()
  @ApiOperation({ summary: 'Active members, by role and country; paged' })
  @ApiOkResponse({ type: MembershipPageDoc })
  list(@Query() query: ListMembersDto) {
    return this.rpc.send<Page<MembershipView>>(NetworkExchangeSubjects.listMembers, query);
  }

  @Get(':organisationId')
  @ApiOperation({ summary: 'A membership: an active or suspended one to anyone; the history (who, when, why) and other statuses only to the organisation and the secretariat' })
  @ApiOkResponse({ type: MembershipDoc })
  get(@Param('organisationId', organisationId()) id: string) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.getMembership, { id });
  }

  @Post(':organisationId/approval')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Approve an application, with all or fewer of the roles applied for (network.member.joined.v1)' })
  @ApiOkResponse({ type: MembershipDoc })
  approve(@Param('organisationId', organisationId()) id: string, @Body() body: ApproveMembershipBodyDto) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.approveMembership, { ...body, organisationId: id });
  }

  @Post(':organisationId/rejection')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Reject an application, with a reason' })
  @ApiOkResponse({ type: MembershipDoc })
  reject(@Param('organisationId', organisationId()) id: string, @Body() body: MembershipReasonBodyDto) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.rejectMembership, { ...body, organisationId: id });
  }

  @Post(':organisationId/suspension')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Suspend an active membership, with a reason' })
  @ApiOkResponse({ type: MembershipDoc })
  suspend(@Param('organisationId', organisationId()) id: string, @Body() body: MembershipReasonBodyDto) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.suspendMembership, { ...body, organisationId: id });
  }

  @Post(':organisationId/reinstatement')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Reinstate a suspended membership' })
  @ApiOkResponse({ type: MembershipDoc })
  @ApiNoBody()
  reinstate(@Param('organisationId', organisationId()) id: string) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.reinstateMembership, { organisationId: id });
  }

  @Post(':organisationId/departure')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Leave the network (or withdraw an application): the organisation itself or the secretariat (network.member.left.v1 for a member)' })
  @ApiOkResponse({ type: MembershipDoc })
  leave(@Param('organisationId', organisationId()) id: string, @Body() body: MembershipReasonBodyDto) {
    return this.rpc.send<MembershipView>(NetworkExchangeSubjects.leaveNetwork, { ...body, organisationId: id });
  }

}

@ApiTags('network')
@Controller('network/brand-holders')
export class NetworkBrandHoldersHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Organisations holding the Made in Banat brand today, marked from certification events (lost on suspension, withdrawal, expiry)' })
  @ApiOkResponse({ type: BrandHolderPageDoc })
  list(@Query() query: BrandHoldersPageDto) {
    return this.rpc.send<Page<BrandHolderView>>(NetworkExchangeSubjects.listBrandHolders, query);
  }
}
