/**
 * The Bitstring Status List of W3C (https://www.w3.org/TR/vc-bitstring-status-list/): a bitstring
 * of statusSize bits per credential, index 0 the leftmost bit of the first byte, GZIP-compressed and
 * multibase base64url-encoded ('u' prefix, no padding). At least 16 KiB uncompressed, for privacy.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** 2 bits per certificate: 0x0 valid, 0x1 suspended, 0x2 withdrawn (expiry is judged by validUntil). */
export const STATUS_SIZE = 2;
export const STATUS_MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'withdrawn' },
] as const;
export type CertificateCredentialStatus = (typeof STATUS_MESSAGES)[number]['message'];
export const statusValue = (message: CertificateCredentialStatus): number => STATUS_MESSAGES.findIndex((m) => m.message === message);

/** 16 KiB: the spec's minimum length, here 65,536 certificates of 2 bits. */
export const MIN_LIST_BYTES = 16 * 1024;
export const LIST_CAPACITY = (MIN_LIST_BYTES * 8) / STATUS_SIZE;

export const emptyStatusList = (): Buffer => Buffer.alloc(MIN_LIST_BYTES);

function checkIndex(bits: Buffer, index: number, size: number): void {
  if (!Number.isInteger(index) || index < 0 || (index + 1) * size > bits.length * 8) throw new RangeError(`status index ${index} is outside the list`);
}

/** The value of the entry at index: its statusSize bits read most significant first. */
export function readStatus(bits: Buffer, index: number, size = STATUS_SIZE): number {
  checkIndex(bits, index, size);
  let value = 0;
  for (let i = 0; i < size; i++) {
    const bit = index * size + i;
    value = (value << 1) | ((bits[bit >> 3] >> (7 - (bit & 7))) & 1);
  }
  return value;
}

/** A copy of the list with the entry at index set to value. */
export function writeStatus(bits: Buffer, index: number, value: number, size = STATUS_SIZE): Buffer {
  checkIndex(bits, index, size);
  if (!Number.isInteger(value) || value < 0 || value >= 1 << size) throw new RangeError(`status ${value} does not fit ${size} bits`);
  const out = Buffer.from(bits);
  for (let i = 0; i < size; i++) {
    const bit = index * size + i;
    const mask = 1 << (7 - (bit & 7));
    if ((value >> (size - 1 - i)) & 1) out[bit >> 3] |= mask;
    else out[bit >> 3] &= ~mask;
  }
  return out;
}

export const encodeStatusList = (bits: Buffer): string => `u${gzipSync(bits).toString('base64url')}`;

/** Refuses anything but a 'u'-prefixed base64url GZIP of at least 16 KiB. */
export function decodeStatusList(encoded: string): Buffer {
  if (typeof encoded !== 'string' || !encoded.startsWith('u') || !/^[A-Za-z0-9_-]+$/.test(encoded.slice(1))) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  if (bits.length < MIN_LIST_BYTES) throw new Error(`encodedList is shorter than ${MIN_LIST_BYTES} bytes`);
  return bits;
}
