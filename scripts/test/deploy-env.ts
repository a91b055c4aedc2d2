import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file is scripts/test/deploy-env.ts). */
export const repoRoot = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !relative(repoRoot, path).split('/').includes('test')) out.push(path);
  }
  return out;
}

/** The services that have a main.ts (what SERVICE may name in the image). */
export function serviceDirectories(): string[] {
  return readdirSync(join(repoRoot, 'services')).filter((name) => {
    try {
      return statSync(join(repoRoot, 'services', name, 'src', 'main.ts')).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Every environment variable the platform's code reads: the fields of PlatformConfig (loaded from
 * process.env by loadConfig), `process.env.X` / `env.X` in the sources of services, libs and scripts,
 * and `${X}` in deploy/Dockerfile (SERVICE selects the entry point).
 */
export function variablesReadByCode(): Set<string> {
  const names = new Set<string>();
  const config = readFileSync(join(repoRoot, 'libs/messaging/src/config.ts'), 'utf8');
  const body = config.slice(config.indexOf('export class PlatformConfig'), config.indexOf('\n}\n', config.indexOf('export class PlatformConfig')));
  for (const [, name] of body.matchAll(/^\s*(?:@[^\n]*?\)\s+)*([A-Z][A-Z0-9_]+)\??\s*[:=]/gm)) names.add(name!);
  for (const file of ['services', 'libs', 'scripts'].flatMap((d) => sources(join(repoRoot, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/\b(?:process\.)?env(?:\.|\[['"`])([A-Z][A-Z0-9_]+)/g)) names.add(name!);
  }
  for (const [, name] of readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8').matchAll(/\$\{?([A-Z][A-Z0-9_]+)/g)) names.add(name!);
  return names;
}

/** NATS users of deploy/nats/auth.conf with the variable holding each one's password. */
export function natsUsers(): Map<string, string> {
  const conf = readFileSync(join(repoRoot, 'deploy/nats/auth.conf'), 'utf8');
  const users = new Map<string, string>();
  for (const [, user, variable] of conf.matchAll(/user:\s*"?([\w-]+)"?\s*\n\s*password:\s*\$(\w+)/g)) users.set(user!, variable!);
  return users;
}

/** Variables a `${NAME…}` interpolation in a compose value refers to. */
export const interpolated = (value: unknown): string[] => [...String(value ?? '').matchAll(/\$\{(\w+)/g)].map((m) => m[1]!);
