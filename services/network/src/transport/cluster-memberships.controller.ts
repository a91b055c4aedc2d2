import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClusterInvitationDto, ClusterMembershipIdDto, ClusterRemovalDto, GetOrganisationDto, NetworkExchangeSubjects, OrganisationQueryDto } from '@banat/contracts';
import { ClusterMembershipsService } from '../application/cluster-memberships.service';

@Controller()
export class ClusterMembershipsController {
  constructor(private readonly memberships: ClusterMembershipsService) {}

  @MessagePattern(NetworkExchangeSubjects.clusterMembers)
  members(@Payload() dto: GetOrganisationDto) {
    return this.memberships.members(dto.id);
  }

  @MessagePattern(NetworkExchangeSubjects.inviteToCluster)
  invite(@Payload() dto: ClusterInvitationDto) {
    return this.memberships.invite(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.acceptClusterInvitation)
  accept(@Payload() dto: ClusterMembershipIdDto) {
    return this.memberships.accept(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.declineClusterInvitation)
  decline(@Payload() dto: ClusterMembershipIdDto) {
    return this.memberships.decline(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.leaveCluster)
  leave(@Payload() dto: ClusterMembershipIdDto) {
    return this.memberships.leave(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.withdrawClusterInvitation)
  withdraw(@Payload() dto: ClusterMembershipIdDto) {
    return this.memberships.withdraw(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.removeClusterMember)
  remove(@Payload() dto: ClusterRemovalDto) {
    return this.memberships.remove(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getClusterMembership)
  get(@Payload() dto: ClusterMembershipIdDto) {
    return this.memberships.get(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.clusterInvitations)
  invitations(@Payload() dto: OrganisationQueryDto) {
    return this.memberships.invitations(dto);
  }
}
