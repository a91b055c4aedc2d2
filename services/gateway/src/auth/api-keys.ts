import { createHash, timingSafeEqual } from 'node:crypto';
import type { PlatformConfig } from '@banat/messaging';
import { Principal } from './principal';

export const API_KEY_HEADER = 'x-api-key';

export const sha256Hex = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Partner systems' API keys, configured only as SHA-256 hashes (`PARTNER_API_KEYS=id:hash,…`). */
export class PartnerApiKeys {
  private constructor(private readonly entries: { partner: string; hash: Buffer }[]) {}

  static fromConfig(config: Pick<PlatformConfig, 'PARTNER_API_KEYS'>): PartnerApiKeys {
    const entries = (config.PARTNER_API_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const [partner, hash] = entry.split(':') as [string, string];
        return { partner, hash: Buffer.from(hash, 'hex') };
      });
    return new PartnerApiKeys(entries);
  }

  /** The partner a key belongs to, or undefined; every entry is compared in constant time. */
  identify(key: string): Principal | undefined {
    const presented = Buffer.from(sha256Hex(key), 'hex');
    let found: string | undefined;
    for (const { partner, hash } of this.entries) if (timingSafeEqual(presented, hash)) found = partner;
    return found === undefined ? undefined : { actor: `partner:${found}`, role: 'partner', via: 'api-key' };
  }
}
