/**
 * Checks a certificate credential (VC-JWT) the way any verifier would, given the issuer's public
 * keys and a way to fetch its status list credential: signature, issuer, validity dates, status.
 * Used by the service (POST /credentials/verify) and offline by `audit credential verify`.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { decodeStatusList, readStatus, STATUS_MESSAGES, STATUS_SIZE } from './bitstring-status-list';
import { VC_JWT_TYPE, type IssuerKeys } from './credential-signer';

export type CheckName = 'signature' | 'issuer' | 'validity' | 'status';
export type Check = { check: CheckName; ok: boolean; reason?: string };
export type Verification = { verified: boolean; checks: Check[]; certificateNumber?: string; status?: string };

export interface VerifyContext {
  /** The expected issuer id (CREDENTIAL_ISSUER). */
  issuer: string;
  keys: IssuerKeys;
  /** The status list credential (VC-JWT) at a URL, or undefined when there is none. */
  statusList(url: string): Promise<string | undefined>;
  now: Date;
}

type Payload = Record<string, unknown>;

/** The payload of a JWS made by one of the keys; throws with the reason otherwise. */
async function verifiedPayload(jwt: string, keys: IssuerKeys): Promise<Payload> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new Error('not a compact JWS');
  }
  if (header.typ !== VC_JWT_TYPE) throw new Error(`header typ is ${String(header.typ)}, not ${VC_JWT_TYPE}`);
  const jwk = keys.keys.find((k: JWK) => k.kid === header.kid);
  if (!jwk) throw new Error(`signed with key ${String(header.kid)}, which is not one of the issuer's keys`);
  if (header.alg !== jwk.alg) throw new Error(`alg ${String(header.alg)} does not match the issuer's key`);
  try {
    const { payload } = await compactVerify(jwt, await importJWK(jwk, jwk.alg));
    return JSON.parse(new TextDecoder().decode(payload)) as Payload;
  } catch {
    throw new Error('the signature does not match the content');
  }
}

const issuerId = (credential: Payload): unknown => (typeof credential.issuer === 'object' && credential.issuer ? (credential.issuer as Payload).id : credential.issuer);

export async function verifyCertificateCredential(jwt: string, ctx: VerifyContext): Promise<Verification> {
  const checks: Check[] = [];
  const done = (extra: Partial<Verification> = {}): Verification => ({ verified: checks.length === 4 && checks.every((c) => c.ok), checks, ...extra });
  let credential: Payload;
  try {
    credential = await verifiedPayload(String(jwt ?? '').trim(), ctx.keys);
    checks.push({ check: 'signature', ok: true });
  } catch (error) {
    checks.push({ check: 'signature', ok: false, reason: (error as Error).message });
    return done();
  }
  const subject = (credential.credentialSubject ?? {}) as Payload;
  const certificateNumber = typeof subject.licenseNumber === 'string' ? subject.licenseNumber : undefined;

  const issuer = issuerId(credential);
  checks.push(issuer === ctx.issuer ? { check: 'issuer', ok: true } : { check: 'issuer', ok: false, reason: `issued by ${String(issuer)}, not ${ctx.issuer}` });

  const from = Date.parse(String(credential.validFrom));
  const until = Date.parse(String(credential.validUntil));
  if (Number.isNaN(from) || Number.isNaN(until)) checks.push({ check: 'validity', ok: false, reason: 'validFrom or validUntil missing or not a date' });
  else if (ctx.now.getTime() < from) checks.push({ check: 'validity', ok: false, reason: `not valid before ${String(credential.validFrom)}` });
  else if (ctx.now.getTime() > until) checks.push({ check: 'validity', ok: false, reason: `expired at ${String(credential.validUntil)}` });
  else checks.push({ check: 'validity', ok: true });

  const status = await checkStatus(credential, ctx);
  checks.push(status.check);
  return done({ ...(certificateNumber ? { certificateNumber } : {}), ...(status.message ? { status: status.message } : {}) });
}

async function checkStatus(credential: Payload, ctx: VerifyContext): Promise<{ check: Check; message?: string }> {
  const fail = (reason: string) => ({ check: { check: 'status' as const, ok: false, reason } });
  const entry = credential.credentialStatus as Payload | undefined;
  if (!entry || Array.isArray(entry) || entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'message') return fail('no BitstringStatusListEntry with purpose message');
  const index = Number(entry.statusListIndex);
  const url = String(entry.statusListCredential);
  if (Number(entry.statusSize) !== STATUS_SIZE || !Number.isInteger(index) || index < 0) return fail('status entry has an unexpected size or index');
  const listJwt = await ctx.statusList(url);
  if (!listJwt) return fail(`status list ${url} not found`);
  let list: Payload;
  try {
    list = await verifiedPayload(listJwt, ctx.keys);
  } catch (error) {
    return fail(`status list ${url}: ${(error as Error).message}`);
  }
  const listSubject = (list.credentialSubject ?? {}) as Payload;
  if (list.id !== url || issuerId(list) !== ctx.issuer || listSubject.statusPurpose !== 'message') return fail(`status list ${url} is not the issuer's list of that URL`);
  let value: number;
  try {
    value = readStatus(decodeStatusList(String(listSubject.encodedList)), index);
  } catch (error) {
    return fail(`status list ${url}: ${(error as Error).message}`);
  }
  const messages = Array.isArray(entry.statusMessage) ? (entry.statusMessage as Array<{ status: string; message: string }>) : STATUS_MESSAGES;
  const message = messages.find((m) => Number.parseInt(m.status, 16) === value)?.message ?? `status 0x${value.toString(16)}`;
  return value === 0 ? { check: { check: 'status', ok: true }, message } : { check: { check: 'status', ok: false, reason: message }, message };
}
