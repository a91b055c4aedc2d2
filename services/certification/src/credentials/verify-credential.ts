/**
 * Checks a certificate credential (VC-JWT) the way any verifier would, given the issuer's public
 * keys and a way to fetch its status list credential: signature, issuer, validity dates, status.
 * Used by the service (POST /credentials/verify) and offline by `audit credential verify`.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { decodeStatusList, readStatus, STATUS_MESSAGES, STATUS_SIZE } from './bitstring-status-list';
import { VC_JWT_TYPE, type IssuerKeys } from './credential-signer';

export type CheckName = 'signature' | 'issuer' | 'validity' | 'status';
/** Why a check failed, for a verifier that words the reason in its reader's language (`value`: the date, issuer or status it names). */
export type CheckFailure =
  | 'not-a-jws'
  | 'not-a-credential'
  | 'unknown-key'
  | 'algorithm'
  | 'signature'
  | 'other-issuer'
  | 'no-dates'
  | 'not-yet-valid'
  | 'expired'
  | 'no-status-entry'
  | 'status-entry'
  | 'status-list-missing'
  | 'status-list-invalid'
  | 'status-list-not-issuers'
  | 'suspended'
  | 'withdrawn'
  | 'status-other';
export type Check = { check: CheckName; ok: boolean; reason?: string; code?: CheckFailure; value?: string };
export type Verification = { verified: boolean; checks: Check[]; certificateNumber?: string; status?: string };

export interface VerifyContext {
  /** The expected issuer id (PUBLIC_BASE_URL). */
  issuer: string;
  /** The issuer ids the programme used before (an earlier PUBLIC_BASE_URL): its credentials issued under them still verify. */
  formerIssuers?: readonly string[];
  keys: IssuerKeys;
  /** The status list credential (VC-JWT) at a URL, or undefined when there is none. */
  statusList(url: string): Promise<string | undefined>;
  now: Date;
}

type Payload = Record<string, unknown>;

class CheckFailed extends Error {
  constructor(readonly code: CheckFailure, message: string, readonly value?: string) {
    super(message);
  }
}
const failed = (check: CheckName, code: CheckFailure, reason: string, value?: string): Check => ({ check, ok: false, reason, code, ...(value === undefined ? {} : { value }) });

/** The payload of a JWS made by one of the keys; throws with the reason otherwise. */
async function verifiedPayload(jwt: string, keys: IssuerKeys): Promise<Payload> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new CheckFailed('not-a-jws', 'not a compact JWS');
  }
  if (header.typ !== VC_JWT_TYPE) throw new CheckFailed('not-a-credential', `header typ is ${String(header.typ)}, not ${VC_JWT_TYPE}`, String(header.typ));
  const jwk = keys.keys.find((k: JWK) => k.kid === header.kid);
  if (!jwk) throw new CheckFailed('unknown-key', `signed with key ${String(header.kid)}, which is not one of the issuer's keys`, String(header.kid));
  if (header.alg !== jwk.alg) throw new CheckFailed('algorithm', `alg ${String(header.alg)} does not match the issuer's key`, String(header.alg));
  try {
    const { payload } = await compactVerify(jwt, await importJWK(jwk, jwk.alg));
    return JSON.parse(new TextDecoder().decode(payload)) as Payload;
  } catch {
    throw new CheckFailed('signature', 'the signature does not match the content');
  }
}

const issuerId = (credential: Payload): unknown => (typeof credential.issuer === 'object' && credential.issuer ? (credential.issuer as Payload).id : credential.issuer);
const knownIssuers = (ctx: VerifyContext): string[] => [ctx.issuer, ...(ctx.formerIssuers ?? [])];

/**
 * The URL and the same path under each of the programme's issuer ids: a status list is one list whichever
 * of its issuer ids (PUBLIC_BASE_URL now or before) names it. A URL under no issuer id of the programme is itself only.
 */
function sameUnderEachIssuer(url: string, ctx: VerifyContext): string[] {
  const known = knownIssuers(ctx);
  const base = known.find((issuer) => url.startsWith(`${issuer}/`));
  return base === undefined ? [url] : [...new Set([url, ...known.map((issuer) => `${issuer}${url.slice(base.length)}`)])];
}

export async function verifyCertificateCredential(jwt: string, ctx: VerifyContext): Promise<Verification> {
  const checks: Check[] = [];
  const done = (extra: Partial<Verification> = {}): Verification => ({ verified: checks.length === 4 && checks.every((c) => c.ok), checks, ...extra });
  let credential: Payload;
  try {
    credential = await verifiedPayload(String(jwt ?? '').trim(), ctx.keys);
    checks.push({ check: 'signature', ok: true });
  } catch (error) {
    checks.push(error instanceof CheckFailed ? failed('signature', error.code, error.message, error.value) : failed('signature', 'signature', (error as Error).message));
    return done();
  }
  const subject = (credential.credentialSubject ?? {}) as Payload;
  const certificateNumber = typeof subject.licenseNumber === 'string' ? subject.licenseNumber : undefined;

  const issuer = issuerId(credential);
  checks.push(knownIssuers(ctx).includes(issuer as string) ? { check: 'issuer', ok: true } : failed('issuer', 'other-issuer', `issued by ${String(issuer)}, not ${ctx.issuer}`, String(issuer)));

  const from = Date.parse(String(credential.validFrom));
  const until = Date.parse(String(credential.validUntil));
  if (Number.isNaN(from) || Number.isNaN(until)) checks.push(failed('validity', 'no-dates', 'validFrom or validUntil missing or not a date'));
  else if (ctx.now.getTime() < from) checks.push(failed('validity', 'not-yet-valid', `not valid before ${String(credential.validFrom)}`, String(credential.validFrom)));
  else if (ctx.now.getTime() > until) checks.push(failed('validity', 'expired', `expired at ${String(credential.validUntil)}`, String(credential.validUntil)));
  else checks.push({ check: 'validity', ok: true });

  const status = await checkStatus(credential, ctx);
  checks.push(status.check);
  return done({ ...(certificateNumber ? { certificateNumber } : {}), ...(status.message ? { status: status.message } : {}) });
}

async function checkStatus(credential: Payload, ctx: VerifyContext): Promise<{ check: Check; message?: string }> {
  const fail = (code: CheckFailure, reason: string, value?: string) => ({ check: failed('status', code, reason, value) });
  const entry = credential.credentialStatus as Payload | undefined;
  if (!entry || Array.isArray(entry) || entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'message') return fail('no-status-entry', 'no BitstringStatusListEntry with purpose message');
  const index = Number(entry.statusListIndex);
  const url = String(entry.statusListCredential);
  if (Number(entry.statusSize) !== STATUS_SIZE || !Number.isInteger(index) || index < 0) return fail('status-entry', 'status entry has an unexpected size or index');
  // A list named under an issuer id the programme used before is the same list under its id now.
  const urls = sameUnderEachIssuer(url, ctx);
  let listJwt: string | undefined;
  for (const candidate of urls) if ((listJwt = await ctx.statusList(candidate))) break;
  if (!listJwt) return fail('status-list-missing', `status list ${url} not found`, url);
  let list: Payload;
  try {
    list = await verifiedPayload(listJwt, ctx.keys);
  } catch (error) {
    return fail('status-list-invalid', `status list ${url}: ${(error as Error).message}`, url);
  }
  const listSubject = (list.credentialSubject ?? {}) as Payload;
  if (!urls.includes(list.id as string) || !knownIssuers(ctx).includes(issuerId(list) as string) || listSubject.statusPurpose !== 'message') return fail('status-list-not-issuers', `status list ${url} is not the issuer's list of that URL`, url);
  let value: number;
  try {
    value = readStatus(decodeStatusList(String(listSubject.encodedList)), index);
  } catch (error) {
    return fail('status-list-invalid', `status list ${url}: ${(error as Error).message}`, url);
  }
  const messages = Array.isArray(entry.statusMessage) ? (entry.statusMessage as Array<{ status: string; message: string }>) : STATUS_MESSAGES;
  const message = messages.find((m) => Number.parseInt(m.status, 16) === value)?.message ?? `status 0x${value.toString(16)}`;
  if (value === 0) return { check: { check: 'status', ok: true }, message };
  const code: CheckFailure = message === 'suspended' || message === 'withdrawn' ? message : 'status-other';
  return { check: failed('status', code, message, message), message };
}
