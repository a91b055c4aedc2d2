/** What a deployment (or a test) may set beyond the platform config. */
export interface CertificationOptions {
  /** The service's clock: the only source of `now` for command metadata. */
  clock?: () => string;
  /** How often the scheduler looks for certificates whose validity has ended; 0 turns it off. */
  expiryIntervalMs?: number;
  /**
   * Whether this process runs the projectors (read models, public facts, certificate issuer).
   * Off for command-only replicas that scale out while one process projects. Default: env
   * CERTIFICATION_PROJECTORS ('on' | 'off'), on.
   */
  projectors?: boolean;
}

export const CERTIFICATION_OPTIONS = Symbol('CERTIFICATION_OPTIONS');
export const CLOCK = Symbol('CLOCK');
export type Clock = () => string;

/** Hourly by default: expiry is a matter of days, and ExpireIfDue is idempotent. */
export const defaultExpiryIntervalMs = (env: NodeJS.ProcessEnv = process.env): number => {
  const value = Number(env.CERTIFICATION_EXPIRY_INTERVAL_MS ?? 3_600_000);
  return Number.isFinite(value) && value >= 0 ? value : 3_600_000;
};

export const projectorsEnabled = (options: CertificationOptions, env: NodeJS.ProcessEnv = process.env): boolean =>
  options.projectors ?? env.CERTIFICATION_PROJECTORS !== 'off';
