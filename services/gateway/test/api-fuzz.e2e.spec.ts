import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@banat/messaging';
import { httpGet, httpPost, projectRoot, RunningPlatform, startPlatform } from '@banat/testing';
import { issueLocalToken } from '../src/auth/issue-token';
import type { Role } from '../src/auth/roles';

/**
 * API fuzzing: schemathesis (PyPI; `.ci/run` installs a pinned version into .tools/schemathesis)
 * sends generated valid and invalid requests to every operation of the gateway's OpenAPI document,
 * once per role: no answer may be a 5xx, and every answer must match its documented status, content
 * type and schema. `SCHEMATHESIS` names the program; FUZZ_MAX_EXAMPLES the cases per operation.
 */
const schemathesis = [process.env.SCHEMATHESIS, join(projectRoot, '.tools', 'schemathesis', 'bin', 'schemathesis')].find((p): p is string => !!p && existsSync(p));
const required = process.env.SCHEMATHESIS_REQUIRED === '1';
const maxExamples = process.env.FUZZ_MAX_EXAMPLES ?? '5';
const ROLES: Array<Role | 'anonymous'> = ['anonymous', 'secretariat', 'expert', 'decision-maker', 'auditor', 'member', 'partner'];

if (!schemathesis && !required) {
  process.stdout.write('SKIPPED: API fuzzing: schemathesis not installed (.ci/run installs it; or python3 -m venv .tools/schemathesis && .tools/schemathesis/bin/pip install schemathesis==4.32.5)\n');
}

(schemathesis || required ? describe : describe.skip)('API fuzzing of the gateway with schemathesis, per role', () => {
  let platform: RunningPlatform;
  let organisationId: string;
  let reports: string;
  let openapi: { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };

  /** The document's operations a role may call: those naming it in x-roles; for the anonymous caller and partners also the public ones. */
  const operationsFor = (role: Role | 'anonymous') => {
    let count = 0;
    const paths: Record<string, Record<string, unknown>> = {};
    const allowed = role === 'anonymous' || role === 'partner' ? [role, 'public'] : [role];
    for (const [path, item] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!(operation['x-roles'] ?? []).some((r) => allowed.includes(r))) continue;
        (paths[path] ??= {})[method] = operation;
        count++;
      }
    }
    return { paths, count };
  };

  beforeAll(async () => {
    if (!schemathesis) throw new Error('SCHEMATHESIS_REQUIRED=1 but schemathesis is not installed in .tools/schemathesis nor named by SCHEMATHESIS');
    platform = await startPlatform({ env: { THROTTLE_LIMIT: '1000000', COMPLAINT_THROTTLE_LIMIT: '1000000' } });
    const token = await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role: 'secretariat', sub: 'sec-ana' });
    const created = await httpPost(
      `${platform.baseUrl}/api/v1/organisations`,
      { kind: 'sme', name: { ro: 'Ferma Banat' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } },
      { authorization: `Bearer ${token}` },
    );
    expect(created.status).toBe(201);
    organisationId = created.body.id;
    reports = mkdtempSync(join(tmpdir(), 'banat-fuzz-'));
    openapi = (await httpGet(`${platform.baseUrl}/api/v1/openapi.json`)).body;
  });
  afterAll(async () => {
    await platform?.stop();
    if (reports) rmSync(reports, { recursive: true, force: true });
  });

  it.each(ROLES)('finds no 5xx and no answer outside its documented status and schema, as %s', async (role) => {
    const headers = role === 'anonymous' ? [] : ['-H', `Authorization: Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role, sub: `fuzz-${role}`, ...(role === 'member' ? { org: organisationId } : {}) })}`];
    const junit = join(reports, `${role}.xml`);
    // Each role is sent to the operations it may use (x-roles); the anonymous caller to the public ones.
    const { paths, count } = operationsFor(role);
    const doc = join(reports, `${role}.json`);
    writeFileSync(doc, JSON.stringify({ ...openapi, paths }));
    const args = [
      'run',
      doc,
      '--url', `${platform.baseUrl}`,
      ...headers,
      '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
      '--phases', 'coverage,fuzzing',
      '--max-examples', maxExamples,
      '--seed', '17',
      // One worker: CPython 3.11's ast.parse is not thread-safe, and hypothesis parses lambdas (SystemError: AST constructor recursion depth mismatch).
      '--workers', '1',
      '--request-timeout', '10',
      '--no-shrink',
      '--generation-database', 'none',
      '--suppress-health-check', 'all',
      '--report', 'junit', '--report-junit-path', junit,
    ];
    const t0 = Date.now();
    const { code, output } = await run(schemathesis!, args);
    const lines = output.split('\n');
    const cases = lines[lines.findIndex((line) => line.trim() === 'Test cases:') + 1]?.trim();
    process.stdout.write(`FUZZ ${role}: operations=${count} cases="${cases}" exit=${code} seconds=${((Date.now() - t0) / 1000).toFixed(0)}\n`);
    if (code !== 0) process.stdout.write(`${output.slice(-12000)}\n`);
    expect(existsSync(junit) && readFileSync(junit, 'utf8').length > 0).toBe(true);
    expect(code).toBe(0);
  }, 300_000);
});

function run(program: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: tmpdir(), env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}
