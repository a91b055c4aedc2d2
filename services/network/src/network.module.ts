import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { BrandHolderCopy } from './application/brand-holder-copy';
import { BrandHoldersService } from './application/brand-holders.service';
import { ClusterMembershipsService } from './application/cluster-memberships.service';
import { ClustersService } from './application/clusters.service';
import { DirectoryService } from './application/directory.service';
import { InterestsService } from './application/interests.service';
import { ListingIndex } from './application/listing-index';
import { MembershipCopy } from './application/membership-copy';
import { ListingsService } from './application/listings.service';
import { MeetingsService } from './application/meetings.service';
import { MembershipsService } from './application/memberships.service';
import { MentoringsService } from './application/mentorings.service';
import { PartnershipsService } from './application/partnerships.service';
import { OutboxService } from './application/outbox.service';
import { BrandHolderDocument, BrandHolderDocumentSchema } from './read-models/brand-holder.schema';
import { Change, ChangeSchema } from './read-models/change.schema';
import { ClusterMembershipDocument, ClusterMembershipDocumentSchema } from './read-models/cluster-membership.schema';
import { ClusterCatalogueDocument, ClusterCatalogueDocumentSchema, StatedNeedsDocument, StatedNeedsDocumentSchema } from './read-models/cluster.schema';
import { DirectoryEntry, DirectoryEntrySchema } from './read-models/directory-entry.schema';
import { FairDocument, FairDocumentSchema, FairParticipantDocument, FairParticipantDocumentSchema, MeetingDocument, MeetingDocumentSchema, SlotClaimDocument, SlotClaimDocumentSchema } from './read-models/fair.schema';
import { InterestDocument, InterestDocumentSchema } from './read-models/interest.schema';
import { ListingDocument, ListingDocumentSchema } from './read-models/listing.schema';
import { ListingPlaceDocument, ListingPlaceDocumentSchema } from './read-models/listing-place.schema';
import { MembershipDocument, MembershipDocumentSchema } from './read-models/membership.schema';
import { MentoringDocument, MentoringDocumentSchema } from './read-models/mentoring.schema';
import { PartnershipDocument, PartnershipDocumentSchema } from './read-models/partnership.schema';
import { ClusterMembershipsController } from './transport/cluster-memberships.controller';
import { ClustersController } from './transport/clusters.controller';
import { DirectoryController } from './transport/directory.controller';
import { InterestsController } from './transport/interests.controller';
import { ListingsController } from './transport/listings.controller';
import { MeetingsController } from './transport/meetings.controller';
import { MembershipsController } from './transport/memberships.controller';
import { MentoringsController } from './transport/mentorings.controller';
import { PartnershipsController } from './transport/partnerships.controller';

/** The cross-border cooperation network: its directory (from registry events), brand holders (from certification events), membership, the offer and demand exchange, its matches and expressions of interest, B2B meetings at fairs, clusters' services against members' needs, mentoring and twinning, partnerships between organisations. */
@Module({})
export class NetworkModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: NetworkModule,
      imports: [
        ServiceCoreModule.forService('network', config),
        MongooseModule.forFeature([
          { name: DirectoryEntry.name, schema: DirectoryEntrySchema },
          { name: ListingDocument.name, schema: ListingDocumentSchema },
          { name: ListingPlaceDocument.name, schema: ListingPlaceDocumentSchema },
          { name: InterestDocument.name, schema: InterestDocumentSchema },
          { name: MembershipDocument.name, schema: MembershipDocumentSchema },
          { name: BrandHolderDocument.name, schema: BrandHolderDocumentSchema },
          { name: FairDocument.name, schema: FairDocumentSchema },
          { name: FairParticipantDocument.name, schema: FairParticipantDocumentSchema },
          { name: MeetingDocument.name, schema: MeetingDocumentSchema },
          { name: SlotClaimDocument.name, schema: SlotClaimDocumentSchema },
          { name: ClusterCatalogueDocument.name, schema: ClusterCatalogueDocumentSchema },
          { name: StatedNeedsDocument.name, schema: StatedNeedsDocumentSchema },
          { name: ClusterMembershipDocument.name, schema: ClusterMembershipDocumentSchema },
          { name: MentoringDocument.name, schema: MentoringDocumentSchema },
          { name: PartnershipDocument.name, schema: PartnershipDocumentSchema },
          { name: Change.name, schema: ChangeSchema },
        ]),
      ],
      controllers: [DirectoryController, ListingsController, InterestsController, MembershipsController, MeetingsController, ClustersController, ClusterMembershipsController, MentoringsController, PartnershipsController],
      providers: [BrandHolderCopy, BrandHoldersService, DirectoryService, OutboxService, ListingIndex, MembershipCopy, ListingsService, InterestsService, MembershipsService, MeetingsService, ClustersService, ClusterMembershipsService, MentoringsService, PartnershipsService],
    };
  }
}
