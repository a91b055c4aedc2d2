import { Schema } from 'mongoose';

/**
 * The key store of crypto-shredding: one AES-256 key per person. Deleting a person's document is
 * their erasure: what the history holds sealed under that key can never be read again.
 */
export const PERSONAL_DATA_KEY = 'PersonalDataKey';
export interface PersonalDataKeyDocument {
  /** `person-<uuid>`: the only name of the person the history holds. */
  _id: string;
  /** SHA-256 of the contact the person gave, normalised: finds their key again (next complaint, erasure by e-mail). */
  lookup: string;
  /** base64, 32 bytes */
  key: string;
  createdAt: string;
}
export const PersonalDataKeySchema = new Schema<PersonalDataKeyDocument>(
  { _id: String, lookup: { type: String, required: true, unique: true }, key: { type: String, required: true }, createdAt: { type: String, required: true } },
  { collection: 'personal_data_keys', versionKey: false },
);

/** Accountability for erasures: who erased whom and when, naming the person only by reference. */
export const PERSONAL_DATA_ERASURE = 'PersonalDataErasure';
export interface PersonalDataErasureDocument {
  _id: string;
  erasedAt: string;
  erasedBy?: string;
  correlationId?: string;
}
export const PersonalDataErasureSchema = new Schema<PersonalDataErasureDocument>(
  { _id: String, erasedAt: { type: String, required: true }, erasedBy: String, correlationId: String },
  { collection: 'personal_data_erasures', versionKey: false },
);
