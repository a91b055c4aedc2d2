import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { interpolated, natsUsers, repoRoot, serviceDirectories, variablesReadByCode } from './test/deploy-env';

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const entries = Object.entries(compose.services);
/** The platform's own processes: built from deploy/Dockerfile, SERVICE naming which. */
const platform = entries.filter(([, s]) => s.build !== undefined);
const env = (s: ComposeService) => s.environment ?? {};

describe('docker-compose.yml', () => {
  it('runs every service of services/ and nothing else from the image', () => {
    const named = new Set(platform.map(([, s]) => env(s).SERVICE));
    expect([...named].sort()).toEqual(serviceDirectories().sort());
  });

  it('sets on the platform only variables the code reads', () => {
    const read = variablesReadByCode();
    for (const [name, s] of platform) {
      const unread = Object.keys(env(s)).filter((v) => !read.has(v));
      expect({ service: name, unread }).toEqual({ service: name, unread: [] });
    }
  });

  it('gives every service what it needs: NATS as its own user, Mongo, the identity key, metrics', () => {
    const users = natsUsers();
    for (const [name, s] of platform) {
      const e = env(s);
      for (const required of ['NATS_URL', 'MONGO_URL', 'NATS_USER', 'NATS_PASSWORD', 'IDENTITY_PUBLIC_KEY', 'METRICS_PORT', 'METRICS_HOST']) {
        expect({ service: name, [required]: e[required] !== undefined }).toEqual({ service: name, [required]: true });
      }
      expect(e.SERVICE).toBe(e.NATS_USER);
      expect(interpolated(e.NATS_PASSWORD)).toEqual([users.get(e.NATS_USER!)]);
      expect(s.healthcheck?.test.join(' ')).toContain(e.SERVICE === 'gateway' ? '/health' : `:${e.METRICS_PORT}/healthz`);
    }
    const gateway = env(compose.services.gateway!);
    for (const required of ['IDENTITY_PRIVATE_KEY', 'METRICS_TOKEN', 'HOST', 'PORT']) expect(gateway[required]).toBeDefined();
    expect(gateway.AUTH_JWT_SECRET ?? gateway.AUTH_JWT_PUBLIC_KEY ?? gateway.AUTH_JWKS_URL).toBeDefined();
    // Only the gateway holds the identity's private key; only certification the credential key.
    expect(platform.filter(([, s]) => env(s).IDENTITY_PRIVATE_KEY !== undefined).map(([n]) => n)).toEqual(['gateway']);
    expect(platform.filter(([, s]) => env(s).CREDENTIAL_SIGNING_KEY !== undefined).every(([, s]) => env(s).SERVICE === 'certification')).toBe(true);
    for (const [, s] of platform.filter(([, s]) => env(s).EVENT_STORE === 'esdb')) expect(env(s).ESDB_URL).toBeDefined();
  });

  it('runs one certification service with projectors and command-only replicas beside it', () => {
    const certification = platform.filter(([, s]) => env(s).SERVICE === 'certification');
    expect(certification.filter(([, s]) => env(s).CERTIFICATION_PROJECTORS !== 'off')).toHaveLength(1);
    expect(certification.filter(([, s]) => env(s).CERTIFICATION_PROJECTORS === 'off').length).toBeGreaterThanOrEqual(1);
  });

  it("runs NATS with the deployment's accounts, every password from the environment and none unused", () => {
    const nats = compose.services.nats!;
    expect(nats.volumes).toContain('./deploy/nats:/etc/nats:ro');
    expect(nats.healthcheck).toBeDefined();
    // The config the server runs includes auth.conf (not the open bus of nats.conf alone).
    const command = (nats as { command?: string[] }).command ?? [];
    const conf = command[command.indexOf('-c') + 1]!.replace('/etc/nats/', '');
    expect(readFileSync(join(repoRoot, 'deploy/nats', conf), 'utf8')).toMatch(/include \.\/auth\.conf/);
    const passwords = [...natsUsers().values()].sort();
    expect(Object.keys(env(nats)).sort()).toEqual(passwords);
    for (const [variable, value] of Object.entries(env(nats))) expect(interpolated(value)).toEqual([variable]);
  });

  it('takes every secret from the environment, never a literal in the file', () => {
    for (const [name, s] of entries) {
      for (const [variable, value] of Object.entries(env(s))) {
        if (!/PASSWORD|SECRET|PRIVATE_KEY|SIGNING_KEY|TOKEN|API_KEYS/.test(variable)) continue;
        expect({ service: name, variable, fromEnvironment: interpolated(value).length === 1 && /^\$\{\w+(:?[-?][^}]*)?\}$/.test(String(value)) }).toEqual({ service: name, variable, fromEnvironment: true });
      }
    }
  });

  it('keeps data in named volumes and waits for healthy dependencies', () => {
    for (const [name, s] of entries) {
      expect({ service: name, healthcheck: s.healthcheck !== undefined }).toEqual({ service: name, healthcheck: true });
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(Object.keys(compose.volumes)).toContain(source);
      }
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(compose.services[dependency]).toBeDefined();
        expect(condition).toBe('service_healthy');
      }
    }
  });

  const binary = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  const check = binary.error ? it.skip : it;
  if (binary.error) process.stderr.write(`SKIPPED: docker-compose config -q: the docker-compose binary is not installed (Debian: apt-get install docker-compose)\n`);
  check('passes `docker-compose config -q` with its required variables set, and fails without them', () => {
    const required = [...new Set(entries.flatMap(([, s]) => Object.values(env(s)).filter((v) => /:\?/.test(String(v))).flatMap(interpolated)))];
    const base = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    // An empty env file: a developer's own .env must not fill in what the check leaves out.
    const dir = mkdtempSync(join(tmpdir(), 'banat-compose-'));
    const envFile = join(dir, 'empty.env');
    writeFileSync(envFile, '');
    const run = (extra: Record<string, string>) => spawnSync('docker-compose', ['--env-file', envFile, 'config', '-q'], { cwd: repoRoot, env: { ...base, ...extra }, encoding: 'utf8' });
    const ok = run(Object.fromEntries(required.map((v) => [v, `test-value-of-${v.toLowerCase()}`])));
    const missing = run({});
    rmSync(dir, { recursive: true, force: true });
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/BANAT_NATS_PASSWORD_|IDENTITY_|METRICS_TOKEN/);
  });
});
