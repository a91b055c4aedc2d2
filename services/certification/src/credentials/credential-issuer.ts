import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { RpcErrorCodes } from '@banat/contracts';
import { PLATFORM_CONFIG, PlatformConfig, RpcFailure } from '@banat/messaging';
import { CLOCK, type Clock } from '../certification.options';
import { emptyStatusList, encodeStatusList, LIST_CAPACITY, writeStatus } from './bitstring-status-list';
import { certificateCredential, CredentialCertificate, issuerUrls, statusListCredential } from './certificate-credential';
import { CERTIFICATE_CREDENTIAL, CertificateCredentialDocument, CREDENTIAL_STATUS_LIST, CredentialStatusListDocument } from './credential.schema';
import { CredentialSigner, IssuerKeys } from './credential-signer';
import { Verification, verifyCertificateCredential } from './verify-credential';

export const etagOf = (jwt: string) => `"${createHash('sha256').update(jwt).digest('base64url').slice(0, 27)}"`;

/** What the projection writes through (position-guarded) and reads (from its batch). */
export interface CredentialWrites {
  read<T>(model: Model<T>, id: unknown): Promise<T | null>;
  upsertAt<T>(model: Model<T>, id: unknown, update: object): Promise<unknown>;
}

/**
 * The programme as credential issuer: signs certificate credentials and status lists with
 * CREDENTIAL_SIGNING_KEY, and answers for them. Without a key, it issues nothing and says so.
 */
@Injectable()
export class CredentialIssuer {
  private signer?: Promise<CredentialSigner>;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @InjectModel(CERTIFICATE_CREDENTIAL) readonly credentials: Model<CertificateCredentialDocument>,
    @InjectModel(CREDENTIAL_STATUS_LIST) readonly lists: Model<CredentialStatusListDocument>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.CREDENTIAL_SIGNING_KEY);
  }

  get issuer(): string {
    return issuerUrls(this.config.CREDENTIAL_ISSUER).issuer;
  }

  private key(): Promise<CredentialSigner> {
    if (!this.config.CREDENTIAL_SIGNING_KEY) throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'this deployment issues no credentials (CREDENTIAL_SIGNING_KEY is not set)' });
    this.signer ??= CredentialSigner.fromPem(this.config.CREDENTIAL_SIGNING_KEY);
    return this.signer;
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

  async keys(): Promise<{ issuer: string; jwks: IssuerKeys; didDocument: Record<string, unknown> }> {
    const signer = await this.key();
    const urls = issuerUrls(this.issuer);
    const did = `did:web:${new URL(this.issuer).host.replace(':', '%3A')}`;
    const vm = `${did}#${signer.kid}`;
    return {
      issuer: this.issuer,
      jwks: signer.jwks(),
      didDocument: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
        id: did,
        alsoKnownAs: [urls.issuer],
        verificationMethod: [{ id: vm, type: 'JsonWebKey', controller: did, publicKeyJwk: signer.publicJwk }],
        assertionMethod: [vm],
      },
    };
  }

  async credentialOf(certificateNumber: string): Promise<{ certificateNumber: string; mediaType: string; credential: string }> {
    await this.key();
    const doc = await this.credentials.findById(certificateNumber).lean();
    if (!doc?.jwt) throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `no credential for certificate ${certificateNumber}` });
    return { certificateNumber, mediaType: 'application/vc+jwt', credential: doc.jwt };
  }

  async statusList(listId: string): Promise<{ listId: string; mediaType: string; credential: string; etag: string }> {
    await this.key();
    const doc = await this.lists.findById(listId).lean();
    if (!doc?.jwt) throw new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `no status list ${listId}` });
    return { listId, mediaType: 'application/vc+jwt', credential: doc.jwt, etag: doc.etag };
  }

  /** Verifies as an outsider would, against this issuer's keys and its own status lists, at the service's clock. */
  async verify(jwt: string, now = new Date(this.clock())): Promise<Verification> {
    const { jwks } = await this.keys();
    const prefix = `${issuerUrls(this.issuer).statusList('')}`;
    return verifyCertificateCredential(jwt, {
      issuer: this.issuer,
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
