import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeStatusList, emptyStatusList, encodeStatusList, LIST_CAPACITY, MIN_LIST_BYTES, readStatus, writeStatus } from './bitstring-status-list';

describe('bitstring status list (W3C encoding rules)', () => {
  it('keeps index 0 in the leftmost bits of the first byte, two bits per entry, most significant first', () => {
    let bits = writeStatus(emptyStatusList(), 0, 0b10);
    bits = writeStatus(bits, 1, 0b01);
    bits = writeStatus(bits, 5, 0b11);
    expect(bits[0]).toBe(0b1001_0000);
    expect(bits[1]).toBe(0b0011_0000);
    expect([0, 1, 2, 5, 6].map((i) => readStatus(bits, i))).toEqual([2, 1, 0, 3, 0]);
    expect(readStatus(writeStatus(bits, 0, 0), 0)).toBe(0);
  });

  it('encodes as u + base64url (no padding) of the GZIP of at least 16 KiB, and decodes back', () => {
    const bits = writeStatus(emptyStatusList(), LIST_CAPACITY - 1, 2);
    const encoded = encodeStatusList(bits);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')).length).toBe(MIN_LIST_BYTES);
    expect(readStatus(decodeStatusList(encoded), LIST_CAPACITY - 1)).toBe(2);
  });

  it('refuses lists without the multibase prefix, shorter than 16 KiB, and indexes or values out of range', () => {
    expect(() => decodeStatusList(gzipSync(emptyStatusList()).toString('base64url'))).toThrow('multibase');
    expect(() => decodeStatusList(`u${gzipSync(Buffer.alloc(100)).toString('base64url')}`)).toThrow('shorter');
    expect(() => readStatus(emptyStatusList(), LIST_CAPACITY)).toThrow(RangeError);
    expect(() => writeStatus(emptyStatusList(), 0, 4)).toThrow(RangeError);
  });
});
