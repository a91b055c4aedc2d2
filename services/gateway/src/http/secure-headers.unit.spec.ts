import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { docsSecurityPolicy, SWAGGER_UI_RUNTIME_STYLES } from './secure-headers';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe("the API docs' Content-Security-Policy", () => {
  it("allows the page's inline styles and style attributes by hash, and no inline script", () => {
    const policy = docsSecurityPolicy('<style>body{margin:0}</style><svg style="position:absolute;width:0;height:0"></svg><script src="./a.js"></script>');
    const directives = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'", hash('body{margin:0}'), ...SWAGGER_UI_RUNTIME_STYLES.map(hash)]);
    expect(directives['style-src-attr']).toEqual(["'unsafe-hashes'", hash('position:absolute;width:0;height:0')]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(policy).not.toContain('unsafe-inline');
  });

  it("names the styles Swagger UI renders at run time as the installed swagger-ui-dist has them (else its logo loses its colours)", () => {
    const preset = readFileSync(require.resolve('swagger-ui-dist/swagger-ui-standalone-preset.js'), 'utf8');
    for (const style of SWAGGER_UI_RUNTIME_STYLES) expect(preset).toContain(JSON.stringify(style));
  });
});
