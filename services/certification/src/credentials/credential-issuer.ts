import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { decodeJwt } from 'jose';
import type { Model } from 'mongoose';
import { RpcErrorCodes } from '@banat/contracts';
import { PLATFORM_CONFIG, PlatformConfig, publicBaseUrl, RpcFailure } from '@banat/messaging';
import { CLOCK, type Clock } from '../certification.options';
import { emptyStatusList, encodeStatusList, LIST_CAPACITY, writeStatus } from './bitstring-status-list';
import { certificateCredential, CredentialCertificate, issuerUrls, statusListCredential } from './certificate-credential';
import { CERTIFICATE_CREDENTIAL, CertificateCredentialDocument, CREDENTIAL_ISSUER_ID, CredentialIssuerIdDocument, CREDENTIAL_STATUS_LIST, CredentialStatusListDocument } from './credential.schema';
import { CredentialSigner, IssuerKeys } from './credential-signer';
import { Verification, verifyCertificateCredential } from './verify-credential';

export const etagOf = (jwt: string) => `"${createHash('sha256').update(jwt).digest('base64url').slice(0, 27)}"`;

/** What the projection writes through (position-guarded) and reads (from its batch). */
export interface CredentialWrites {
  read<T>(model: Model<T>, id: unknown): Promise<T | null>;
  upsertAt<T>(model: Model<T>, id: unknown, update: object): Promise<unknown>;
}

const issuerOf = (jwt: string | undefined): string | undefined => {
  try {
    const { issuer } = decodeJwt(jwt ?? '') as { issuer?: unknown };
    const id = typeof issuer === 'object' && issuer ? (issuer as { id?: unknown }).id : issuer;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
};

/** The claims with every id under the `from` origin put under `to` (the issuer id, the status list's, the subject's, …). */
const movedTo = (to: string, from: string, claims: object): object => {
  const under = new RegExp(`"${from.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')}(?=["/#?])`, 'g');
  return JSON.parse(JSON.stringify(claims).replace(under, () => `"${to}`)) as object;
};

/**
 * The programme as credential issuer: signs certificate credentials and status lists with
 * CREDENTIAL_SIGNING_KEY, and answers for them. Without a key, it issues nothing and says so.
 * Its issuer id is this start's PUBLIC_BASE_URL; the ids it signed under before are kept
 * (credential_issuer_ids), so that what it issued under them still verifies.
 */
@Injectable()
export class CredentialIssuer {
  private signer?: Promise<CredentialSigner>;
  private remembered?: Promise<void>;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @InjectModel(CERTIFICATE_CREDENTIAL) readonly credentials: Model<CertificateCredentialDocument>,
    @InjectModel(CREDENTIAL_STATUS_LIST) readonly lists: Model<CredentialStatusListDocument>,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectModel(CREDENTIAL_ISSUER_ID) readonly issuerIds: Model<CredentialIssuerIdDocument>,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.CREDENTIAL_SIGNING_KEY);
  }

  get issuer(): string {
    return issuerUrls(publicBaseUrl(this.config)).issuer;
  }

  private async key(): Promise<CredentialSigner> {
    if (!this.config.CREDENTIAL_SIGNING_KEY) throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'this deployment issues no credentials (CREDENTIAL_SIGNING_KEY is not set)' });
    this.signer ??= CredentialSigner.fromPem(this.config.CREDENTIAL_SIGNING_KEY);
    // The issuer id is on record before anything is signed under it.
    await this.rememberIssuer();
    return this.signer;
  }

  /**
   * Records this start's issuer id once per process. The first time the record is kept, the ids already in the
   * stored credentials and status lists are recorded too (they were signed before it existed).
   */
  private rememberIssuer(): Promise<void> {
    this.remembered ??= (async () => {
      const since = new Date(this.clock()).toISOString();
      const ids = new Set<string>();
      if ((await this.issuerIds.estimatedDocumentCount()) === 0) {
        const stored = [this.lists.find({}, { jwt: 1 }).lean().cursor(), this.credentials.find({}, { jwt: 1 }).lean().cursor()];
        for (const cursor of stored) {
          for await (const doc of cursor) {
            const id = issuerOf(doc.jwt);
            if (id) ids.add(id);
          }
        }
      }
      ids.add(this.issuer);
      await this.issuerIds.bulkWrite([...ids].map((id) => ({ updateOne: { filter: { _id: id }, update: { $setOnInsert: { since } }, upsert: true } })));
    })().catch((error) => {
      this.remembered = undefined; // tried again on the next use
      throw error;
    });
    return this.remembered;
  }

  /** The issuer ids credentials were signed under before this start's, oldest first. */
  async formerIssuers(): Promise<string[]> {
    await this.key();
    const ids = await this.issuerIds.find().sort({ since: 1, _id: 1 }).lean();
    return ids.map((d) => d._id).filter((id) => id !== this.issuer);
  }

  /**
   * Signs the certificate's credential at its index (kept across renewals) and marks it valid.
   * Each document is written once per event: the position guard skips a second write at the same position.
   */
  async issue(w: CredentialWrites, certificate: CredentialCertificate): Promise<void> {
    const signer = await this.key();
    const existing = await w.read(this.credentials, certificate.certificateNumber);
    const place = existing ? { listId: existing.listId, index: existing.statusIndex, list: await w.read(this.lists, existing.listId) } : await this.allocate(w);
    const jwt = await signer.sign(certificateCredential(this.issuer, certificate, { listId: place.listId, index: place.index }));
    await w.upsertAt(this.credentials, certificate.certificateNumber, {
      $set: { jwt, listId: place.listId, statusIndex: place.index, validUntil: certificate.validUntil, issuedAt: certificate.issuedAt },
    });
    // At least past this index: after a crash between the credential's write and its list's, the list
    // may not count it yet (a later certificate would get the same index).
    const allocated = Math.max(existing ? place.list?.allocated ?? 0 : (place.list?.allocated ?? 0) + 1, (place.index % LIST_CAPACITY) + 1);
    await this.writeList(w, place.listId, place.list, place.index, 0, certificate.issuedAt, allocated);
  }

  /** Sets the certificate's 2-bit status and re-signs its list; nothing for a certificate without a credential. */
  async setStatus(w: CredentialWrites, certificateNumber: string, value: number, at: string): Promise<void> {
    await this.key();
    const credential = await w.read(this.credentials, certificateNumber);
    if (!credential) return;
    const list = await w.read(this.lists, credential.listId);
    await this.writeList(w, credential.listId, list, credential.statusIndex, value, at, list?.allocated ?? 0);
  }

  private async writeList(w: CredentialWrites, listId: string, list: CredentialStatusListDocument | null, index: number, value: number, at: string, allocated: number) {
    const before = list?.bits ? Buffer.from(list.bits, 'base64') : emptyStatusList();
    const bits = writeStatus(before, index % LIST_CAPACITY, value);
    if (list?.jwt && bits.equals(before) && allocated === list.allocated) return;
    const jwt = await (await this.key()).sign(statusListCredential(this.issuer, listId, encodeStatusList(bits), at));
    await w.upsertAt(this.lists, listId, { $set: { bits: bits.toString('base64'), jwt, etag: etagOf(jwt), updatedAt: at, allocated } });
  }

  /** The next free index: lists of 65,536 entries, numbered from 1, filled in order. */
  private async allocate(w: CredentialWrites): Promise<{ listId: string; index: number; list: CredentialStatusListDocument | null }> {
    for (let n = 1; ; n++) {
      const list = await w.read(this.lists, String(n));
      const allocated = list?.allocated ?? 0;
      if (allocated < LIST_CAPACITY) return { listId: String(n), index: (n - 1) * LIST_CAPACITY + allocated, list };
    }
  }

  async keys(): Promise<{ issuer: string; formerIssuers: string[]; jwks: IssuerKeys; didDocument: Record<string, unknown> }> {
    const signer = await this.key();
    const urls = issuerUrls(this.issuer);
    const formerIssuers = await this.formerIssuers();
    const did = `did:web:${new URL(this.issuer).host.replace(':', '%3A')}`;
    const vm = `${did}#${signer.kid}`;
    return {
      issuer: this.issuer,
      formerIssuers,
      jwks: signer.jwks(),
      didDocument: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
        id: did,
        alsoKnownAs: [urls.issuer, ...formerIssuers],
        verificationMethod: [{ id: vm, type: 'JsonWebKey', controller: did, publicKeyJwk: signer.publicJwk }],
        assertionMethod: [vm],
      },
    };
  }

  /**
   * The certificate's credential under this start's issuer id. One stored under an earlier id (its next grant or renewal
   * stores it anew) is served signed again: the same claims, its ids under the current origin. (The one signed before
   * still verifies.)
   */
  async credentialOf(certificateNumber: string): Promise<{ certificateNumber: string; mediaType: string; credential: string }> {
    const signer = await this.key();
    const doc = await this.credentials.findById(certificateNumber).lean();
    if (!doc?.jwt) throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `no credential for certificate ${certificateNumber}` });
    const former = issuerOf(doc.jwt);
    if (!former || former === this.issuer) return { certificateNumber, mediaType: 'application/vc+jwt', credential: doc.jwt };
    return { certificateNumber, mediaType: 'application/vc+jwt', credential: await signer.sign(movedTo(this.issuer, former, decodeJwt(doc.jwt))) };
  }

  /** A status list under this start's issuer id: one last signed under an earlier id (re-signed at its next change) is served signed again, same bits. */
  async statusList(listId: string): Promise<{ listId: string; mediaType: string; credential: string; etag: string }> {
    const signer = await this.key();
    const doc = await this.lists.findById(listId).lean();
    if (!doc?.jwt) throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `no status list ${listId}` });
    if (issuerOf(doc.jwt) === this.issuer) return { listId, mediaType: 'application/vc+jwt', credential: doc.jwt, etag: doc.etag };
    const jwt = await signer.sign(statusListCredential(this.issuer, listId, encodeStatusList(Buffer.from(doc.bits, 'base64')), doc.updatedAt));
    return { listId, mediaType: 'application/vc+jwt', credential: jwt, etag: etagOf(jwt) };
  }

  /** Verifies as an outsider would, against this issuer's keys and its own status lists, at the service's clock. */
  async verify(jwt: string, now = new Date(this.clock())): Promise<Verification> {
    const { jwks, formerIssuers } = await this.keys();
    const prefix = `${issuerUrls(this.issuer).statusList('')}`;
    return verifyCertificateCredential(jwt, {
      issuer: this.issuer,
      formerIssuers,
      keys: jwks,
      now,
      statusList: async (url) => {
        if (!url.startsWith(prefix)) return undefined;
        const doc = await this.lists.findById(url.slice(prefix.length)).lean();
        return doc?.jwt;
      },
    });
  }
}
