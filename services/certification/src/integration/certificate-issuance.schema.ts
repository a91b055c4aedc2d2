import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';

/** Grants whose certificate the issuer has seen to: its checkpointed memory of work done. */
export const CERTIFICATE_ISSUANCE = 'CertificateIssuance';
export interface CertificateIssuanceDocument {
  _id: string;
  certificateNumber: string;
  issuedPosition: number;
}

export const CertificateIssuanceSchema = new Schema<CertificateIssuanceDocument>(
  { _id: String, certificateNumber: String, issuedPosition: Number },
  { collection: 'certificate_issuance', versionKey: false },
);
CertificateIssuanceSchema.plugin(readModelPositionPlugin);
