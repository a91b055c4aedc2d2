/**
 * `audit credential verify <file|->`: checks a certificate credential (VC-JWT) offline, as any
 * verifier would, from files saved from the gateway: the issuer's keys (GET /credentials/issuer, or
 * a bare JWKS) and its status list(s) (GET /credentials/status/:listId, JSON or application/vc+jwt).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { decodeJwt } from 'jose';
import type { IssuerKeys } from '../services/certification/src/credentials/credential-signer';
import { verifyCertificateCredential, type Verification } from '../services/certification/src/credentials/verify-credential';
import { AT_MEANING, DATE_FORMAT, exitCodesHelp, parseAt } from './audit-cli';

type Out = (line: string) => void;

/** A file's text (`-`: stdin); a file that cannot be read is named with what it was for. */
function readInput(file: string, what: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8').trim();
  } catch (error) {
    throw new Error(`cannot read ${what} ${file === '-' ? 'from stdin' : file}: ${(error as Error).message}`);
  }
}

/** A VC-JWT as served: bare, or the gateway's JSON with a `credential` field. */
function compact(text: string): string {
  if (!text.startsWith('{')) return text;
  const parsed = JSON.parse(text) as { credential?: unknown };
  if (typeof parsed.credential !== 'string') throw new Error('JSON without a "credential" field');
  return parsed.credential;
}

export interface CredentialVerifyOptions {
  keys: string;
  statusList?: string[];
  issuer?: string;
  at?: string;
}

export async function verifyCredentialOffline(file: string, opts: CredentialVerifyOptions): Promise<Verification & { statusListedAt?: string }> {
  let issuerDoc: { issuer?: string; formerIssuers?: string[]; jwks?: IssuerKeys; keys?: IssuerKeys['keys'] };
  try {
    issuerDoc = JSON.parse(readInput(opts.keys, '--keys')) as typeof issuerDoc;
  } catch (error) {
    throw error instanceof SyntaxError ? new Error(`--keys ${opts.keys} is not JSON (the issuer document or a JWKS): ${error.message}`) : error;
  }
  const keys: IssuerKeys = issuerDoc.jwks ?? { keys: issuerDoc.keys ?? [] };
  const issuer = opts.issuer ?? issuerDoc.issuer;
  if (!issuer) throw new Error('the issuer id is needed: --issuer, or a --keys file saved from GET /api/v1/credentials/issuer');
  const lists = new Map<string, string>();
  /** Each list's own date (its validFrom: when this version of the list was signed), by id. */
  const listDates = new Map<string, string>();
  for (const listFile of opts.statusList ?? []) {
    const listJwt = compact(readInput(listFile, '--status-list'));
    let payload: { id?: unknown; validFrom?: unknown };
    try {
      payload = decodeJwt(listJwt);
    } catch (error) {
      throw new Error(`--status-list ${listFile} is not a status list credential (VC-JWT): ${(error as Error).message}`);
    }
    lists.set(String(payload.id), listJwt);
    if (typeof payload.validFrom === 'string') listDates.set(String(payload.id), payload.validFrom);
  }
  // The command line reads --at as it parses it (parseAt: a day is its end in the programme's zone); a caller of this function gets the same.
  let at: string | undefined;
  if (opts.at !== undefined) {
    try {
      at = parseAt(opts.at);
    } catch (error) {
      throw new Error(`--at ${opts.at} is invalid. ${(error as Error).message}`);
    }
  }
  // Judged to the second, as a credential states its dates: a term's last day ends at its 23:59:59 (certificate-credential.ts).
  const now = new Date(Math.floor((at ? Date.parse(at) : Date.now()) / 1000) * 1000);
  // The issuer ids the programme used before (its PUBLIC_BASE_URL then) are its own too, unless --issuer names the one expected.
  const formerIssuers = opts.issuer ? [] : (issuerDoc.formerIssuers ?? []);
  let listUsed: string | undefined;
  const result = await verifyCertificateCredential(compact(readInput(file, 'the credential')), { issuer, formerIssuers, keys, now, statusList: async (url) => (lists.has(url) ? ((listUsed = url), lists.get(url)) : undefined) });
  // Offline, a list "not found" is one not given: say so, and where to save it from.
  const given = lists.size ? `they hold ${[...lists.keys()].join(', ')}` : 'none given';
  // A status list tells the status on its own date, not on --at: said beside the status when --at is given.
  const statusListedAt = listUsed === undefined ? undefined : listDates.get(listUsed);
  const read = (c: Verification['checks'][number]) => c.check === 'status' && (c.ok || c.code === 'suspended' || c.code === 'withdrawn' || c.code === 'status-other');
  const checks = result.checks.map((c) => {
    if (c.code === 'status-list-missing') return { ...c, reason: `status list ${c.value} is not among the --status-list files (${given}); save it with: curl -o list.json ${c.value}` };
    if (at !== undefined && statusListedAt !== undefined && read(c)) {
      return { ...c, reason: `${c.ok ? 'valid' : (c.reason ?? c.code)} as listed on ${statusListedAt} (the list's date, not --at; audit as-of gives the status on a past date)` };
    }
    return c;
  });
  return { ...result, checks, ...(statusListedAt === undefined ? {} : { statusListedAt }) };
}

/**
 * The certificate's status as of --at, shown beside the verdict: `valid` only when verified; when
 * not, what made it so as of then (expired, not yet valid) and the status list's own word when that
 * check failed (suspended, withdrawn); nothing when neither says (e.g. a bad signature or issuer).
 */
export function statusAsOf(result: Verification): string | undefined {
  if (result.verified) return result.status;
  const failed = (name: string) => result.checks.find((c) => c.check === name && !c.ok);
  const validity = failed('validity')?.reason;
  const dates = validity?.startsWith('expired') ? 'expired' : validity?.startsWith('not valid before') ? 'not yet valid' : undefined;
  const listed = failed('status') && result.status ? result.status : undefined;
  const said = [dates, listed].filter((s): s is string => Boolean(s));
  return said.length ? said.join(', ') : undefined;
}

/** Adds `credential verify` to the audit program; exit code 1 when a check fails. */
export function credentialCommands(program: Command, out: Out, json: () => boolean, fail: () => void): void {
  program
    .command('credential')
    .description('verifiable certificates, checked offline')
    .command('verify <file>')
    .description('check a certificate credential (VC-JWT file, or - for stdin): signature, issuer, validity dates, status')
    .requiredOption('--keys <file>', 'the issuer document (GET /api/v1/credentials/issuer) or a JWKS')
    .option('--status-list <file...>', 'status list credential(s) (GET /api/v1/credentials/status/:listId)')
    .option('--issuer <id>', 'expected issuer id (default: the one in --keys)')
    .option('--at <instant>', `judge validity at this instant (default: now), to the second: ${DATE_FORMAT} (${AT_MEANING})`, parseAt)
    .addHelpText(
      'after',
      `${exitCodesHelp({ ok: 'verified', finding: 'a check failed', usage: 'usage: an unknown option, a missing or invalid value', failed: 'could not run: a file unreadable or not what it should be' })}\nThe status beside the verdict: valid only when verified; else what failed (expired, not yet valid: judged at --at; suspended, withdrawn: the status list's, on the list's own date, which the status check names when --at is given), or none.`,
    )
    .action(async (file: string, opts: CredentialVerifyOptions) => {
      const result = await verifyCredentialOffline(file, opts);
      if (!result.verified) fail();
      const status = statusAsOf(result);
      // JSON.stringify leaves out a status that is undefined.
      if (json()) return out(JSON.stringify({ ...result, status }));
      out(`${result.verified ? 'VERIFIED' : 'NOT VERIFIED'}${result.certificateNumber ? `  ${result.certificateNumber}` : ''}${status ? `  (${status})` : ''}`);
      for (const c of result.checks) out(`${c.ok ? 'OK    ' : 'FAILED'}  ${c.check}${c.reason ? `: ${c.reason}` : ''}`);
    });
}
