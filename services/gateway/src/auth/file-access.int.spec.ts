import { Controller, Get, INestApplication, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@banat/messaging';
import { useCorrelation } from '../http/correlation.middleware';
import { HttpErrorFilter } from '../http/http-exception.filter';
import { AuthModule } from './auth.module';
import { CurrentUser } from './current-user.decorator';
import { assertMayReadFile } from './file-access';
import { issueLocalToken } from './issue-token';
import type { Principal } from './principal';
import { Roles } from './roles';

const auth = { AUTH_JWT_SECRET: 'test-secret-of-at-least-thirty-two-characters', AUTH_ISSUER: 'made-in-banat-local', AUTH_AUDIENCE: 'made-in-banat-api' };
const OWN = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const files: Record<string, { organisationId: string; assignedExperts: string[] }> = {
  'file-own': { organisationId: OWN, assignedExperts: ['erika'] },
  'file-other': { organisationId: OTHER, assignedExperts: ['ivan'] },
};

/** A test-only controller shaped like a file endpoint: @Roles, @CurrentUser and the file-access rule. */
@Controller('files')
class FilesTestController {
  @Get(':id')
  @Roles('member', 'expert', 'secretariat')
  get(@Param('id') id: string, @CurrentUser() user: Principal) {
    const file = files[id]!;
    assertMayReadFile(user, file);
    return { id, organisationId: file.organisationId };
  }

  @Get('crash/now')
  crash(): never {
    throw new Error('database password is hunter2 at /srv/secret/path.ts');
  }
}

async function boot(env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [AuthModule.forRoot(loadConfig({ ...auth, ...env }))], controllers: [FilesTestController] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  useCorrelation(app.getHttpAdapter().getInstance());
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('file access by organisation and assignment, through the guard', () => {
  let app: INestApplication;
  let base: string;
  const get = async (path: string, role?: Parameters<typeof issueLocalToken>[1]['role'], sub = 'someone', org?: string, at = base) => {
    const headers: Record<string, string> = role ? { authorization: `Bearer ${await issueLocalToken(auth, { role, sub, org })}` } : {};
    return fetch(`${at}/files/${path}`, { headers });
  };

  beforeAll(async () => {
    ({ app, base } = await boot({}));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets a member read its own organisation\'s file and refuses another\'s with 403', async () => {
    expect((await get('file-own', 'member', 'maria', OWN)).status).toBe(200);
    const other = await get('file-other', 'member', 'maria', OWN);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'FORBIDDEN', message: 'a member organisation sees only its own applications' });
  });

  it('lets an expert read only the files assigned to them', async () => {
    expect((await get('file-own', 'expert', 'erika')).status).toBe(200);
    expect((await get('file-other', 'expert', 'erika')).status).toBe(403);
  });

  it('answers an unexpected error with a coded 500 and no stack trace or message', async () => {
    const res = await get('crash/now');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(text).not.toMatch(/hunter2|secret\/path|\bat\s/);
  });

  it('limits the rate per client: the request past THROTTLE_LIMIT gets a 429 with Retry-After', async () => {
    const limited = await boot({ THROTTLE_LIMIT: '2', THROTTLE_TTL_MS: '60000' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await get('file-own', 'secretariat', 'sara', undefined, limited.base));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(Number(statuses[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await statuses[2]!.json()) as { code: string }).code).toBe('RATE_LIMITED');
    } finally {
      await limited.app.close();
    }
  });
});
