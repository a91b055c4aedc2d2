import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ContactRequestReceipt, ContactRequestView, CreateContactRequestDto, ListContactRequestsDto, Page } from '@banat/contracts';
import { conflict, currentContext } from '@banat/messaging';
import { ContactRequest } from '../read-models/contact-request.schema';
import { BoothsService } from './booths.service';
import { assertMayReadContactRequests } from './exhibitor-rules';

const view = (doc: ContactRequest): ContactRequestView => ({
  id: doc._id,
  organisationId: doc.organisationId,
  name: doc.name,
  email: doc.email,
  message: doc.message,
  ...(doc.company ? { company: doc.company } : {}),
  receivedAt: doc.receivedAt,
});

/** What the sender learns: that it was stored, never what it holds (a retry may come from anyone naming the same commandId). */
const receipt = (doc: ContactRequest, duplicate: boolean): ContactRequestReceipt => ({ id: doc._id, organisationId: doc.organisationId, receivedAt: doc.receivedAt, duplicate });

/** What a retry must repeat to be the same request: every field the buyer sent. */
const digestOf = (request: Pick<ContactRequest, 'name' | 'email' | 'message' | 'company'>): string =>
  createHash('sha256').update(JSON.stringify([request.name, request.email, request.message, request.company ?? null])).digest('hex');

/** Buyers' messages to booths: anyone may send one; the booth's own organisation and the secretariat read them. */
@Injectable()
export class ContactRequestsService {
  constructor(
    @InjectModel(ContactRequest.name) private readonly requests: Model<ContactRequest>,
    private readonly booths: BoothsService,
  ) {}

  async create(dto: CreateContactRequestDto): Promise<ContactRequestReceipt> {
    await this.booths.listed(dto.organisationId);
    const id = dto.commandId ? `${dto.organisationId}:${dto.commandId}` : randomUUID();
    const doc: ContactRequest = {
      _id: id,
      organisationId: dto.organisationId,
      name: dto.name.trim(),
      email: dto.email,
      message: dto.message,
      ...(dto.company ? { company: dto.company } : {}),
      receivedAt: new Date().toISOString(),
      correlationId: currentContext()?.correlationId,
    };
    doc.contentDigest = digestOf(doc);
    try {
      await this.requests.create(doc);
      return receipt(doc, false);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    // The id is taken. The same content again is a retry: the first receipt. Other content is someone else's request: a 409 that tells nothing of it.
    const first = await this.requests.findById(id).lean<ContactRequest>();
    if (!first || first.contentDigest !== doc.contentDigest) throw conflict('this commandId was already used for another contact request: send it with a new commandId');
    return receipt(first, true);
  }

  async list(dto: ListContactRequestsDto): Promise<Page<ContactRequestView>> {
    // Judged here too, from the caller the signed identity names: a request around the gateway meets the same rule.
    // Before the booth is looked up, so another member learns nothing of which booths exist.
    assertMayReadContactRequests(dto.organisationId);
    await this.booths.listed(dto.organisationId);
    const page = dto.page ?? 1;
    const pageSize = dto.pageSize ?? 20;
    const filter = { organisationId: dto.organisationId };
    const [docs, total] = await Promise.all([
      this.requests.find(filter).sort({ receivedAt: -1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<ContactRequest[]>(),
      this.requests.countDocuments(filter),
    ]);
    return { items: docs.map(view), total, page, pageSize };
  }
}
