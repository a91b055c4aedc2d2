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

type Out = (line: string) => void;

const readInput = (file: string) => readFileSync(file === '-' ? 0 : file, 'utf8').trim();

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

export async function verifyCredentialOffline(file: string, opts: CredentialVerifyOptions): Promise<Verification> {
  const issuerDoc = JSON.parse(readFileSync(opts.keys, 'utf8')) as { issuer?: string; jwks?: IssuerKeys; keys?: IssuerKeys['keys'] };
  const keys: IssuerKeys = issuerDoc.jwks ?? { keys: issuerDoc.keys ?? [] };
  const issuer = opts.issuer ?? issuerDoc.issuer;
  if (!issuer) throw new Error('the issuer id is needed: --issuer, or a --keys file saved from GET /api/v1/credentials/issuer');
  const lists = new Map<string, string>();
  for (const listFile of opts.statusList ?? []) {
    const listJwt = compact(readInput(listFile));
    lists.set(String(decodeJwt(listJwt).id), listJwt);
  }
  const now = opts.at ? new Date(opts.at) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--at ${opts.at} is not a date`);
  return verifyCertificateCredential(compact(readInput(file)), { issuer, keys, now, statusList: async (url) => lists.get(url) });
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
    .option('--at <instant>', 'judge validity at this instant (default: now)')
    .action(async (file: string, opts: CredentialVerifyOptions) => {
      const result = await verifyCredentialOffline(file, opts);
      if (!result.verified) fail();
      if (json()) return out(JSON.stringify(result));
      out(`${result.verified ? 'VERIFIED' : 'NOT VERIFIED'}${result.certificateNumber ? `  ${result.certificateNumber}` : ''}${result.status ? `  (${result.status})` : ''}`);
      for (const c of result.checks) out(`${c.ok ? 'OK    ' : 'FAILED'}  ${c.check}${c.reason ? `: ${c.reason}` : ''}`);
    });
}
