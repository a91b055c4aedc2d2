import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';

/** The signed credential of each certificate (the latest term), with its place in a status list. */
export const CERTIFICATE_CREDENTIAL = 'CertificateCredential';
export interface CertificateCredentialDocument {
  _id: string;
  jwt: string;
  listId: string;
  statusIndex: number;
  validUntil: string;
  issuedAt: string;
}
export const CertificateCredentialSchema = new Schema<CertificateCredentialDocument>(
  { _id: String, jwt: String, listId: String, statusIndex: Number, validUntil: String, issuedAt: String },
  { collection: 'certificate_credentials', versionKey: false },
);
CertificateCredentialSchema.plugin(readModelPositionPlugin);

/** A status list: the raw bitstring (base64) and its signed list credential, re-signed on each change. */
export const CREDENTIAL_STATUS_LIST = 'CredentialStatusList';
export interface CredentialStatusListDocument {
  _id: string;
  bits: string;
  jwt: string;
  etag: string;
  updatedAt: string;
  /** Indexes handed out in this list (the next free one is `allocated`). */
  allocated: number;
}
export const CredentialStatusListSchema = new Schema<CredentialStatusListDocument>(
  { _id: String, bits: String, jwt: String, etag: String, updatedAt: String, allocated: Number },
  { collection: 'credential_status_lists', versionKey: false },
);
CredentialStatusListSchema.plugin(readModelPositionPlugin);

/**
 * Every issuer id (PUBLIC_BASE_URL) credentials were signed under: the one of each start is added before it signs
 * anything, so credentials issued under an earlier one still verify after the public address changes.
 */
export const CREDENTIAL_ISSUER_ID = 'CredentialIssuerId';
export interface CredentialIssuerIdDocument {
  _id: string;
  /** When a process first signed (or, for ids found in credentials stored before this record was kept, when they were found) under it. */
  since: string;
}
export const CredentialIssuerIdSchema = new Schema<CredentialIssuerIdDocument>({ _id: String, since: String }, { collection: 'credential_issuer_ids', versionKey: false });
