import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { NetworkEvents, RpcErrorCodes } from '@banat/contracts';
import { consumePublicEventsInBackground, InjectNats, RpcFailure } from '@banat/messaging';
import { isTransientError } from '@banat/projections';
import { endedMembershipOf } from '../domain';
import { OrganisationsService } from './organisations.service';

/** Durable consumer on BANAT_PUBLIC (network.cluster-membership.ended.v1): needs its own grant for the registry user in deploy/nats/auth.conf. */
export const CLUSTER_MEMBERS_CONSUMER = 'registry-cluster-members';

/** A change that came first (409): read again at the next delivery, however long another change stays unfinished. */
const isConflict = (error: unknown) => error instanceof RpcFailure && error.body.code === RpcErrorCodes.CONFLICT;

/** Drops from a cluster's `memberIds` an organisation whose membership the network reports ended (at-least-once, idempotent). */
@Injectable()
export class ClusterMembersConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: { stop(): Promise<void> };

  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly organisations: OrganisationsService,
  ) {}

  /** Started in the background and retried: a bus that refuses the consumer leaves old listings in place, logged as an error, while the registry serves. */
  onApplicationBootstrap(): void {
    this.consumer = consumePublicEventsInBackground(this.nc, {
      durable: CLUSTER_MEMBERS_CONSUMER,
      filterSubjects: [NetworkEvents.clusterMembershipEnded.subject],
      handle: (event) => this.handle(event),
      isTransient: (error) => isTransientError(error) || isConflict(error),
    });
  }

  /** Before the database closes (Nest closes it in its onApplicationShutdown hooks): the message in hand is finished or left unacknowledged. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(event: { id: string; type: string; source: string; data: unknown }): Promise<void> {
    const ended = event.type === NetworkEvents.clusterMembershipEnded.type ? endedMembershipOf(event.data) : undefined;
    if (!ended) return;
    await this.organisations.dropClusterMember(ended.clusterId, ended.organisationId, `${event.source}#${event.id}`);
  }
}
