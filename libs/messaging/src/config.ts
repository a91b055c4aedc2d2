import { createPrivateKey, type KeyObject } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import { identityPrivateKey, identityPublicKey } from './identity';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Every configuration variable, with its default. A bad value stops the service with its name. */
export class PlatformConfig {
  /** NATS server(s), comma-separated. */
  @Matches(/^(nats|tls|ws|wss):\/\/[^,\s]+(,(nats|tls|ws|wss):\/\/[^,\s]+)*$/, { message: 'NATS_URL must be nats://host:port[,…]' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @IsOptional() @IsString() NATS_USER?: string;
  @IsOptional() @IsString() NATS_PASSWORD?: string;
  /** JetStream API prefixes of the history's and the public stream's accounts (default: JS.HISTORY.API / JS.PUBLIC.API with NATS_USER, else $JS.API). */
  @IsOptional() @Matches(/^[$\w-]+(\.[$\w-]+)*$/) NATS_HISTORY_API?: string;
  @IsOptional() @Matches(/^[$\w-]+(\.[$\w-]+)*$/) NATS_PUBLIC_API?: string;
  /** Replicas of BANAT_HISTORY and BANAT_PUBLIC on a NATS cluster (3 in production); unset: 1 at creation, an existing stream's kept. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5) NATS_STREAM_REPLICAS?: number;

  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGO_URL must be a mongodb:// URL' })
  MONGO_URL = 'mongodb://127.0.0.1:27017';

  /** Each service keeps its read models in the database `<MONGO_DB_PREFIX>-<service>`. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/) MONGO_DB_PREFIX = 'banat';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  /** How long the gateway waits for a service's answer before a 503. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) RPC_TIMEOUT_MS = 5000;

  /** The gateway's HTTP port and address. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '127.0.0.1';

  /** Largest accepted HTTP body. */
  @Matches(/^\d+(b|kb|mb)$/) HTTP_BODY_LIMIT = '256kb';

  /** Event store adapter for the certification history: JetStream (default) or EventStoreDB. */
  @IsIn(['jetstream', 'esdb']) EVENT_STORE = 'jetstream';
  @IsOptional() @IsString() ESDB_URL?: string;

  // --- Authentication at the gateway (services/gateway/src/auth/README.md) ---
  /** HS256 secret for locally issued tokens (scripts/issue-token.ts); unset: no HS256 token is accepted. */
  @IsOptional() @IsString() @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' }) AUTH_JWT_SECRET?: string;
  /** PEM (SPKI) public key of an identity provider that signs with AUTH_JWT_PUBLIC_KEY_ALG; `\n` escapes allowed. */
  @IsOptional() @IsString() AUTH_JWT_PUBLIC_KEY?: string;
  @IsIn(['RS256', 'PS256', 'ES256', 'EdDSA']) AUTH_JWT_PUBLIC_KEY_ALG = 'RS256';
  /** JWKS of an external identity provider (https); keys are fetched and cached on demand. */
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_tld: false }) AUTH_JWKS_URL?: string;
  /** Required `iss` and `aud` of every token. */
  @IsString() AUTH_ISSUER = 'made-in-banat-local';
  @IsString() AUTH_AUDIENCE = 'made-in-banat-api';
  /**
   * The longest a bearer token may live, in seconds (24 h): counted from its `iat` (or from now, for one without, or
   * issued in the future) to its `exp`. A longer one is refused (401), so a token that leaks cannot be used for months.
   */
  @Type(() => Number) @IsInt() @Min(60) AUTH_MAX_TOKEN_LIFETIME_S = 86_400;
  /** Partner API keys as `<partnerId>:<sha256 hex of the key>`, comma-separated; the keys themselves are never configured. */
  @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64}(,[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64})*$/, { message: 'PARTNER_API_KEYS must be id:sha256hex[,…]' })
  PARTNER_API_KEYS?: string;
  // --- Identity between the gateway and the services (libs/messaging/src/identity.ts) ---
  /** The gateway's Ed25519 private key (PEM, PKCS#8; `\n` escapes allowed) that signs who each request acts for. */
  @IsOptional() @IsString() IDENTITY_PRIVATE_KEY?: string;
  /** The gateway's Ed25519 public key (PEM, SPKI) with which services check it; unset: every caller is anonymous. */
  @IsOptional() @IsString() IDENTITY_PUBLIC_KEY?: string;
  // --- Verifiable certificates (services/certification/src/credentials) ---
  /** The programme's credential signing key: PEM (PKCS#8) Ed25519 or P-256; `\n` escapes allowed. Unset: no credentials are issued. */
  @IsOptional() @IsString() CREDENTIAL_SIGNING_KEY?: string;
  /**
   * The gateway's public origin (the programme's public https address): the issuer id of credentials, under which
   * keys and status lists are served. Read at each start; unset: http://127.0.0.1:<PORT> (see publicBaseUrl).
   */
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true }) PUBLIC_BASE_URL?: string;
  /** The former name of PUBLIC_BASE_URL, still read when PUBLIC_BASE_URL is unset. */
  @IsOptional() @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true }) CREDENTIAL_ISSUER?: string;
  /** Rate limit per client address: at most THROTTLE_LIMIT requests in THROTTLE_TTL_MS. */
  @Type(() => Number) @IsInt() @Min(1) THROTTLE_LIMIT = 300;
  @Type(() => Number) @IsInt() @Min(1000) THROTTLE_TTL_MS = 60_000;
  /** Stricter limit per client address on complaints lodged by the public: at most COMPLAINT_THROTTLE_LIMIT in COMPLAINT_THROTTLE_TTL_MS. */
  @Type(() => Number) @IsInt() @Min(1) COMPLAINT_THROTTLE_LIMIT = 10;
  @Type(() => Number) @IsInt() @Min(1000) COMPLAINT_THROTTLE_TTL_MS = 3_600_000;

  // --- Prometheus metrics (libs/metrics; deploy/README.md: Metrics) ---
  /** The process's own metrics listener (GET /metrics); unset: none. Never the gateway's public port. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) METRICS_PORT?: number;
  /** Where the metrics listener binds. */
  @IsString() METRICS_HOST = '127.0.0.1';
  /** When set, a scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' }) METRICS_TOKEN?: string;

  /** How often a replica reads back into its search index what other replicas wrote (registry, exhibition). */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000) SEARCH_REFRESH_MS = 1000;
}

/** The credential signing key and its JOSE algorithm: Ed25519 (EdDSA) or P-256 (ES256) private keys only. */
export function credentialSigningKey(value: string): { key: KeyObject; alg: 'EdDSA' | 'ES256' } {
  let key: KeyObject;
  try {
    key = createPrivateKey(value.replace(/\\n/g, '\n'));
  } catch {
    throw new Error('must be a private key in PEM (PKCS#8)');
  }
  if (key.asymmetricKeyType === 'ed25519') return { key, alg: 'EdDSA' };
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, alg: 'ES256' };
  throw new Error('must be an Ed25519 or P-256 private key');
}

export function loadConfig(env: Record<string, unknown> = process.env): PlatformConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(PlatformConfig, defined, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
  for (const [name, parse] of [['IDENTITY_PRIVATE_KEY', identityPrivateKey], ['IDENTITY_PUBLIC_KEY', identityPublicKey]] as const) {
    const value = config[name];
    if (!value) continue;
    try {
      parse(value);
    } catch {
      lines.push(`${name}: must be an Ed25519 key in PEM`);
    }
  }
  if (config.CREDENTIAL_SIGNING_KEY) {
    try {
      credentialSigningKey(config.CREDENTIAL_SIGNING_KEY);
    } catch (error) {
      lines.push(`CREDENTIAL_SIGNING_KEY: ${(error as Error).message}`);
    }
  }
  const base = (value: string | undefined) => value?.replace(/\/+$/, '');
  if (config.PUBLIC_BASE_URL && config.CREDENTIAL_ISSUER && base(config.PUBLIC_BASE_URL) !== base(config.CREDENTIAL_ISSUER)) {
    lines.push('PUBLIC_BASE_URL: differs from CREDENTIAL_ISSUER, its former name: set only PUBLIC_BASE_URL');
  }
  if (lines.length) {
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/**
 * The gateway's public origin, without a trailing slash: PUBLIC_BASE_URL, else CREDENTIAL_ISSUER (its former name),
 * else http://127.0.0.1:<PORT>. Derived from this start's configuration, never stored.
 */
export const publicBaseUrl = (config: Pick<PlatformConfig, 'PUBLIC_BASE_URL' | 'CREDENTIAL_ISSUER' | 'PORT'>): string =>
  (config.PUBLIC_BASE_URL ?? config.CREDENTIAL_ISSUER ?? `http://127.0.0.1:${config.PORT ?? 3000}`).replace(/\/+$/, '');

export const mongoDbName = (config: PlatformConfig, service: string) => `${config.MONGO_DB_PREFIX}-${service}`;
