/**
 * Personal data in the history is kept sealed (crypto-shredding): encrypted under a key of its own
 * person, held outside the history. Destroying the key erases the data everywhere the history was
 * copied, while the events, and so their hash chain, stay exactly as recorded.
 */
export type SealedPersonalData = Readonly<{
  /** The person the data is about, as the key store names them (no personal data itself). */
  subjectId: string;
  alg: 'A256GCM';
  /** base64 */
  iv: string;
  /** base64 */
  ciphertext: string;
  /** base64 GCM tag */
  tag: string;
}>;

export function isSealed(value: unknown): value is SealedPersonalData {
  const v = value as Partial<SealedPersonalData> | undefined;
  return typeof v === 'object' && v !== null && v.alg === 'A256GCM' && typeof v.subjectId === 'string' && typeof v.ciphertext === 'string';
}
