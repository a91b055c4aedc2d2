import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { canonicalJson } from '@banat/event-store';
import { ErasePersonalDataDto, PersonalDataErasureResult } from '@banat/contracts';
import { forbidden, validationFailed, type RequestContext } from '@banat/messaging';
import type { SealedPersonalData } from '../domain';
import { PERSONAL_DATA_ERASURE, PERSONAL_DATA_KEY, PersonalDataErasureDocument, PersonalDataKeyDocument } from './personal-data.schema';

const ALG = 'aes-256-gcm';
const lookupOf = (contact: string) => createHash('sha256').update(`contact\u0000${contact.trim().toLowerCase()}`).digest('hex');

/** Personal data sealed per person (AES-256-GCM, the person reference as associated data) and erased by destroying the person's key. */
@Injectable()
export class PersonalDataVault implements OnApplicationBootstrap {
  constructor(
    @InjectModel(PERSONAL_DATA_KEY) private readonly keys: Model<PersonalDataKeyDocument>,
    @InjectModel(PERSONAL_DATA_ERASURE) private readonly erasures: Model<PersonalDataErasureDocument>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.init(); // the unique lookup index: one key per person even under concurrent first complaints
  }

  /** Seals `value` under the key of the person reached at `contact` (made on first use). */
  async seal(contact: string, value: object): Promise<SealedPersonalData> {
    return (await this.sealWithFingerprint(contact, value)).sealed;
  }

  /**
   * Seals `value` and gives its fingerprint: an HMAC under the person's key, so an id derived from it stays the same
   * for the same data while the key lives, and tells nothing of the person once the key is erased (a plain hash of a
   * name and an e-mail can be confirmed by anyone who guesses them).
   */
  async sealWithFingerprint(contact: string, value: object): Promise<{ sealed: SealedPersonalData; fingerprint: string }> {
    const doc = await this.keyFor(contact);
    return { sealed: sealWith(doc, value), fingerprint: fingerprintWith(doc.key, value) };
  }

  /** The fingerprint `sealWithFingerprint` gives, if the person reached at `contact` has a key; never makes one. */
  async fingerprintIfKnown(contact: string, value: object): Promise<string | undefined> {
    const doc = await this.keys.findOne({ lookup: lookupOf(contact) }, { key: 1 }).lean();
    return doc ? fingerprintWith(doc.key, value) : undefined;
  }

  /** The data, or undefined once its person's key is erased. */
  async open<T>(sealed: SealedPersonalData): Promise<T | undefined> {
    const doc = await this.keys.findById(sealed.subjectId).lean();
    if (!doc) return undefined;
    const decipher = createDecipheriv(ALG, Buffer.from(doc.key, 'base64'), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(sealed.subjectId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8')) as T;
  }

  /** Destroys the keys of the person named (by reference, by contact, or both); idempotent. */
  async erase(dto: ErasePersonalDataDto, request: RequestContext): Promise<PersonalDataErasureResult> {
    // Judged here too: a request around the gateway meets the same rule.
    if (request.role !== 'secretariat') throw forbidden('personal data is erased by the secretariat only');
    if (!dto.subjectId && !dto.contact) throw validationFailed([{ field: 'subjectId', reason: 'name the person: subjectId or contact' }], 'nobody named');
    const or = [...(dto.subjectId ? [{ _id: dto.subjectId }] : []), ...(dto.contact ? [{ lookup: lookupOf(dto.contact) }] : [])];
    const found = await this.keys.find({ $or: or }, { _id: 1 }).lean();
    const erased = found.map((d) => d._id);
    if (erased.length) {
      const ctx = request;
      const at = new Date().toISOString();
      // The record of the erasure first: a key destroyed is never left unaccounted for.
      await this.erasures.bulkWrite(erased.map((id) => ({ updateOne: { filter: { _id: id }, update: { $setOnInsert: { erasedAt: at, erasedBy: ctx.actor, correlationId: ctx.correlationId } }, upsert: true } })));
      await this.keys.deleteMany({ _id: { $in: erased } });
    }
    const alreadyErased = dto.subjectId && !erased.includes(dto.subjectId) && (await this.erasures.exists({ _id: dto.subjectId })) ? [dto.subjectId] : [];
    return { erased, alreadyErased };
  }

  private async keyFor(contact: string): Promise<PersonalDataKeyDocument> {
    const lookup = lookupOf(contact);
    const existing = await this.keys.findOne({ lookup }).lean();
    if (existing) return existing;
    const doc: PersonalDataKeyDocument = { _id: `person-${randomUUID()}`, lookup, key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() };
    try {
      await this.keys.create(doc);
      return doc;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return (await this.keys.findOne({ lookup }).lean())!; // made meanwhile by a concurrent first complaint
    }
  }
}

function sealWith({ _id: subjectId, key }: PersonalDataKeyDocument, value: object): SealedPersonalData {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALG, Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(subjectId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { subjectId, alg: 'A256GCM', iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

const fingerprintWith = (key: string, value: object): string =>
  createHmac('sha256', Buffer.from(key, 'base64')).update(`fingerprint\u0000${canonicalJson(value)}`).digest('hex');
