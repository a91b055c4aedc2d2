// `npm run token` and `npm run audit` run a script built into dist/ (by `npm run build`, which `npm start` runs).
// On a fresh clone nothing is built yet: say so in one line and how to build, instead of Node's stack trace
// (Cannot find module .../dist/scripts/...). Usage: node scripts/check-built.js <script name> [exit code when missing]
const { existsSync } = require('node:fs');
const path = require('node:path');

const [name, code = '1'] = process.argv.slice(2);
const built = path.join(__dirname, '..', 'dist', 'scripts', `${name}.js`);
if (!existsSync(built)) {
  process.stderr.write(`${name}: dist/scripts/${name}.js is not built yet: run \`npm run build\` (npm start builds it too), then this command again\n`);
  process.exit(Number(code));
}
