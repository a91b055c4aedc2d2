import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ApplyForMembershipDto, BrandHoldersPageDto, GetOrganisationDto, ListMembersDto, MembershipStepDto, NetworkExchangeSubjects } from '@banat/contracts';
import { BrandHoldersService } from '../application/brand-holders.service';
import { MembershipsService } from '../application/memberships.service';

@Controller()
export class MembershipsController {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly brandHolders: BrandHoldersService,
  ) {}

  @MessagePattern(NetworkExchangeSubjects.applyForMembership)
  apply(@Payload() dto: ApplyForMembershipDto) {
    return this.memberships.apply(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.approveMembership)
  approve(@Payload() dto: MembershipStepDto) {
    return this.memberships.secretariatStep('ApproveMembership', dto);
  }

  @MessagePattern(NetworkExchangeSubjects.rejectMembership)
  reject(@Payload() dto: MembershipStepDto) {
    return this.memberships.secretariatStep('RejectMembership', dto);
  }

  @MessagePattern(NetworkExchangeSubjects.suspendMembership)
  suspend(@Payload() dto: MembershipStepDto) {
    return this.memberships.secretariatStep('SuspendMembership', dto);
  }

  @MessagePattern(NetworkExchangeSubjects.reinstateMembership)
  reinstate(@Payload() dto: MembershipStepDto) {
    return this.memberships.secretariatStep('ReinstateMembership', dto);
  }

  @MessagePattern(NetworkExchangeSubjects.leaveNetwork)
  leave(@Payload() dto: MembershipStepDto) {
    return this.memberships.leave(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getMembership)
  get(@Payload() dto: GetOrganisationDto) {
    return this.memberships.get(dto.id);
  }

  @MessagePattern(NetworkExchangeSubjects.listMembers)
  list(@Payload() dto: ListMembersDto) {
    return this.memberships.list(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.listBrandHolders)
  listBrandHolders(@Payload() dto: BrandHoldersPageDto) {
    return this.brandHolders.list(dto);
  }
}
