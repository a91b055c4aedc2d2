import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CollectionCopy, pageInOrder, PLATFORM_CONFIG, PlatformConfig, TextIndexPage } from '@banat/messaging';
import { MembershipDocument } from '../read-models/membership.schema';

/** The public list's filters: a role, or brand holders (`holders`: today's), and a country. */
export interface MemberFilter {
  role?: string;
  holders?: ReadonlySet<string>;
  country?: string;
}

/** Active members passing the filter. */
export const memberMatches = (doc: MembershipDocument, filter: MemberFilter): boolean =>
  doc.status === 'active' && (filter.holders === undefined || filter.holders.has(doc._id)) && (filter.role === undefined || doc.roles.includes(filter.role)) && (filter.country === undefined || doc.organisationCountry === filter.country);

/** In the order they joined, then by organisation id. */
export const byJoining = (a: MembershipDocument, b: MembershipDocument): number => {
  const x = a.joinedAt ?? '';
  const y = b.joinedAt ?? '';
  return x < y ? -1 : x > y ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
};

/**
 * This replica's copy of the memberships (a CollectionCopy, following the `changedIn` span the outbox stamps when it
 * applies a change), which the public list of members pages from: on FerretDB, the active members sorted by joining
 * and counted read and decoded every active membership, histories included, at each request.
 */
@Injectable()
export class MembershipCopy extends CollectionCopy<MembershipDocument> {
  constructor(@InjectModel(MembershipDocument.name) memberships: Model<MembershipDocument>, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    super(memberships, { refreshMs: config.SEARCH_REFRESH_MS, what: 'memberships', revisionOf: (doc) => doc.version });
  }

  /** One page of the active members passing the filter, in the order they joined, and how many there are. */
  page(filter: MemberFilter, offset: number, limit: number): TextIndexPage<MembershipDocument> {
    return pageInOrder(this.documents((doc) => memberMatches(doc, filter)), byJoining, offset, limit);
  }
}
