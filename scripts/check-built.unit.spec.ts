import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run token` and `npm run audit` on a fresh clone, before anything is built (`npm ci` only): one line saying to
 * build, with the tool's own exit code for "could not run" (audit: 4), never Node's "Cannot find module" stack.
 */
describe('npm run token / audit before the build', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scripts } = require('../package.json') as { scripts: Record<string, string> };
  let root: string;

  beforeEach(() => {
    // A clone with nothing built: the scripts folder's launcher files, no dist/.
    root = mkdtempSync(join(tmpdir(), 'banat-unbuilt-'));
    mkdirSync(join(root, 'scripts'));
    for (const file of ['check-built.js', 'paths.js']) copyFileSync(join(__dirname, file), join(root, 'scripts', file));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (script: string, args: string) => spawnSync('sh', ['-c', `${scripts[script]} ${args}`], { cwd: root, encoding: 'utf8' });

  it.each([
    ['token', '--role secretariat --sub ana', 'issue-token', 1],
    ['audit', 'streams', 'audit', 4],
  ])('npm run %s says it is not built yet and how to build it', (script, args, name, code) => {
    const result = run(script, args);
    expect(result.stderr).toBe(`${name}: dist/scripts/${name}.js is not built yet: run \`npm run build\` (npm start builds it too), then this command again\n`);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(code);
  });

  it('runs the built script, with the arguments, once it is built', () => {
    mkdirSync(join(root, 'dist', 'scripts'), { recursive: true });
    writeFileSync(join(root, 'dist', 'scripts', 'issue-token.js'), 'process.stdout.write(JSON.stringify(process.argv.slice(2)));');
    const result = spawnSync('sh', ['-c', `${scripts.token.replace('node -r ./scripts/paths.js ', 'node ')} --role expert --sub eva`], { cwd: root, encoding: 'utf8' });
    expect([result.status, result.stdout, result.stderr]).toEqual([0, '["--role","expert","--sub","eva"]', '']);
  });
});
