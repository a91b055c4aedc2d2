import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ContactRequestView, CreateContactRequestDto, ListContactRequestsDto, Page, RpcErrorCodes } from '@banat/contracts';
import { currentContext, RpcFailure } from '@banat/messaging';
import { ContactRequest } from '../read-models/contact-request.schema';
import { BoothsService } from './booths.service';

const view = (doc: ContactRequest): ContactRequestView => ({
  id: doc._id,
  organisationId: doc.organisationId,
  name: doc.name,
  email: doc.email,
  message: doc.message,
  ...(doc.company ? { company: doc.company } : {}),
  receivedAt: doc.receivedAt,
});

/** Buyers' messages to booths: anyone may send one; only the secretariat reads them. */
@Injectable()
export class ContactRequestsService {
  constructor(
    @InjectModel(ContactRequest.name) private readonly requests: Model<ContactRequest>,
    private readonly booths: BoothsService,
  ) {}

  async create(dto: CreateContactRequestDto): Promise<ContactRequestView> {
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
    try {
      await this.requests.create(doc);
      return view(doc);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return view((await this.requests.findById(id).lean<ContactRequest>())!); // a retry: the first answer
    }
  }

  async list(dto: ListContactRequestsDto): Promise<Page<ContactRequestView>> {
    // Judged here too, from the caller the headers name: a request around the gateway meets the same rule.
    if (currentContext()?.role !== 'secretariat') throw new RpcFailure({ code: RpcErrorCodes.FORBIDDEN, message: 'contact requests are read by the secretariat only' });
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
