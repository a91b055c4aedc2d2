import { ExecutionContext, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { loadConfig } from '@banat/messaging';
import { PartnerApiKeys } from './api-keys';
import { AuthGuard, malformedAuthorization } from './auth.guard';
import { Role, ROLES_KEY } from './roles';
import { TokenVerifier } from './token-verifier';

/** The guard's answer to a request that sent no credentials (or the headers given), on a route with the given roles. */
function anonymousRefusal(roles: Role[], requestHeaders: Record<string, string> = {}): { status: number; body: unknown; challenge?: string } {
  class Controller {
    handler(): void {}
  }
  Reflect.defineMetadata(ROLES_KEY, roles, Controller.prototype.handler);
  const headers: Record<string, string> = {};
  const response = { header: (name: string, value: string) => (headers[name] = value) };
  const context = {
    getType: () => 'http',
    getHandler: () => Controller.prototype.handler,
    getClass: () => Controller,
    switchToHttp: () => ({ getRequest: () => ({ headers: requestHeaders }), getResponse: () => response }),
  } as unknown as ExecutionContext;
  const guard = new AuthGuard(new Reflector(), TokenVerifier.fromConfig(loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) })), PartnerApiKeys.fromConfig({}));
  try {
    guard.canActivate(context);
  } catch (error) {
    const refusal = error as HttpException;
    return { status: refusal.getStatus(), body: refusal.getResponse(), challenge: headers['WWW-Authenticate'] };
  }
  throw new Error('the guard let an anonymous caller in');
}

describe('AuthGuard without credentials', () => {
  it('answers 401 naming what to send and the roles the route takes, not a partner API key that would be a 403', () => {
    expect(anonymousRefusal(['secretariat', 'auditor'])).toEqual({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'this endpoint needs a bearer token of one of the roles: secretariat, auditor' },
      challenge: 'Bearer realm="made-in-banat"',
    });
  });

  it('names the partner API key where the partner role is let in', () => {
    expect(anonymousRefusal(['secretariat', 'partner']).body).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'this endpoint needs a bearer token or a partner API key of one of the roles: secretariat, partner',
    });
  });
});

describe('an Authorization header that is no bearer JWT', () => {
  it.each([
    ['Bearer ', 'the Authorization header has no token after "Bearer"'], // TOKEN=$(…) that printed nothing
    ['Bearer', 'the Authorization header has no token after "Bearer"'],
    ['Bearer abc', 'the bearer token is not a JWT (three base64url parts separated by dots)'],
    ['Bearer a.b.c d', 'the bearer token is not a JWT (three base64url parts separated by dots)'],
    ['Basic YW5hOnB3', 'the Authorization header must be "Bearer <JWT>"'],
    ['bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', 'the Authorization header must be "Bearer <JWT>"'],
    ['eyJhbGciOiJIUzI1NiJ9.e30.sig', 'the Authorization header must be "Bearer <JWT>"'],
  ])('%j: %s', (header, reason) => {
    expect(malformedAuthorization(header)).toBe(reason);
  });

  it('is a 401 saying so, e.g. when the token command printed nothing and curl sent "Bearer " alone', () => {
    expect(anonymousRefusal(['secretariat'], { authorization: 'Bearer ' })).toEqual({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'the Authorization header has no token after "Bearer"' },
      challenge: 'Bearer realm="made-in-banat", error="invalid_token"',
    });
  });
});
