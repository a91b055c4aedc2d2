import { createHash, hash as oneShotHash, type BinaryLike } from 'node:crypto';

/**
 * A digest in one call: `crypto.hash` (Node 20.12+) makes no Hash object per call, which showed in
 * the command path's profile (an event id and an event hash per appended event); createHash where
 * the runtime lacks it. Same bytes either way.
 */
export function digestOf(algorithm: 'sha1' | 'sha256', data: BinaryLike): Buffer {
  return typeof oneShotHash === 'function' ? oneShotHash(algorithm, data, 'buffer') : createHash(algorithm).update(data).digest();
}

export function hexDigestOf(algorithm: 'sha1' | 'sha256', data: BinaryLike): string {
  return typeof oneShotHash === 'function' ? oneShotHash(algorithm, data, 'hex') : createHash(algorithm).update(data).digest('hex');
}
