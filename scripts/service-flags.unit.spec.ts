import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NODE_FLAGS } from './service-flags';
import { repoRoot } from './test/deploy-env';

/** The services' Node flags are written twice: scripts/service-flags.ts (npm start, the benches) and the image's CMD (compose, k8s). */
describe('service Node flags', () => {
  it('are the flags the image starts every service with', () => {
    const cmd = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8').split('\n').filter((line) => line.startsWith('CMD '));
    expect(cmd).toHaveLength(1);
    const node = /exec node (.*?) -r \.\/scripts\/paths\.js /.exec(cmd[0]!);
    expect(node?.[1]?.split(' ')).toEqual(SERVICE_NODE_FLAGS);
  });

  it('are not overridden by a deployment: no command, args or NODE_OPTIONS beside the image', () => {
    const dir = join(repoRoot, 'deploy/k8s');
    const containers = readdirSync(dir).filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()))
      .filter((doc) => doc?.kind === 'Deployment')
      .flatMap((doc) => doc.spec.template.spec.containers as Array<Record<string, unknown>>);
    const compose = Object.values((parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Record<string, unknown>> }).services)
      .filter((s) => s.build !== undefined);
    expect(containers.length).toBeGreaterThan(0);
    expect(compose.length).toBeGreaterThan(0);
    for (const c of [...containers, ...compose]) {
      expect({ command: c.command, args: c.args, entrypoint: c.entrypoint }).toEqual({ command: undefined, args: undefined, entrypoint: undefined });
      expect(JSON.stringify(c.env ?? c.environment ?? {})).not.toContain('NODE_OPTIONS');
    }
  });
});
