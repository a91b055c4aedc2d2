import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcErrorCodes } from '@banat/contracts';
import { currentContext } from '@banat/messaging';
import { API_KEY_HEADER, PartnerApiKeys } from './api-keys';
import { InvalidCredentials, Principal } from './principal';
import { Role, ROLES_KEY } from './roles';
import { TokenVerifier } from './token-verifier';

/** The request as controllers see it after the guard: `user` is set when credentials were presented. */
export interface AuthenticatedRequest extends FastifyRequest {
  user?: Principal;
}


const unauthenticated = (message: string) => new HttpException({ code: RpcErrorCodes.UNAUTHENTICATED, message }, HttpStatus.UNAUTHORIZED);
const forbidden = (message: string) => new HttpException({ code: RpcErrorCodes.FORBIDDEN, message }, HttpStatus.FORBIDDEN);

/**
 * Global guard. Endpoints without `@Roles` are public; with `@Roles(...)` they need a bearer token
 * or partner API key whose role is listed (`'public'` in the list lets anyone in). Presented
 * credentials are always checked: a bad one is a 401 even on a public endpoint. The caller's actor,
 * role and org go into the request context (and from there into NATS headers), never from the body.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly apiKeys: PartnerApiKeys,
  ) {}

  /**
   * Synchronous (a boolean, no promise) unless a bearer token is to be verified: an anonymous request or an API key is
   * admitted or refused at once. The roles a route allows are looked up once per route.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<FastifyReply>();
    const allowed = this.allowedRoles(context);
    let found: Principal | undefined | Promise<Principal>;
    try {
      found = this.authenticate(req);
    } catch (error) {
      throw refused(res, error);
    }
    if (found instanceof Promise) {
      return found.then(
        (principal) => admit(req, res, allowed, principal),
        (error: unknown) => {
          throw refused(res, error);
        },
      );
    }
    return admit(req, res, allowed, found);
  }

  private readonly roles = new WeakMap<Function, WeakMap<Function, Role[] | undefined>>();

  private allowedRoles(context: ExecutionContext): Role[] | undefined {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.roles.get(handler);
    if (!byClass) this.roles.set(handler, (byClass = new WeakMap()));
    if (!byClass.has(classRef)) byClass.set(classRef, this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, classRef]));
    return byClass.get(classRef);
  }

  /** The caller's principal (a promise only for a bearer token); throws InvalidCredentials for credentials that are not valid. */
  private authenticate(req: FastifyRequest): Principal | undefined | Promise<Principal> {
    const authorization = req.headers.authorization;
    const apiKey = req.headers[API_KEY_HEADER];
    if (authorization !== undefined && apiKey !== undefined) throw new InvalidCredentials('send either a bearer token or an API key, not both');
    if (typeof apiKey === 'string') {
      const partner = this.apiKeys.identify(apiKey);
      if (!partner) throw new InvalidCredentials('the API key is not known');
      return partner;
    }
    if (apiKey !== undefined) throw new InvalidCredentials('send one API key');
    if (authorization === undefined) return undefined;
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization);
    if (!match) throw new InvalidCredentials(malformedAuthorization(authorization));
    return this.tokens.verify(match[1]!);
  }
}

/** Why an Authorization header is no bearer JWT: no token after `Bearer` (e.g. `$TOKEN` left empty), a token that is no JWT, or another scheme. */
export function malformedAuthorization(authorization: string): string {
  const bearer = /^Bearer(?:\s+(.*))?$/s.exec(authorization.trim());
  if (!bearer) return 'the Authorization header must be "Bearer <JWT>"';
  if (!bearer[1]) return 'the Authorization header has no token after "Bearer"';
  return 'the bearer token is not a JWT (three base64url parts separated by dots)';
}

/** A 401 for credentials that did not check out, with the challenge. */
function refused(res: FastifyReply, error: unknown): HttpException {
  res.header('WWW-Authenticate', 'Bearer realm="made-in-banat", error="invalid_token"');
  return unauthenticated(error instanceof InvalidCredentials ? error.message : 'the credentials are not valid');
}

/** The caller bound to the request; then whether its role may use the route (401 without credentials, 403 with a role not listed). */
function admit(req: AuthenticatedRequest, res: FastifyReply, allowed: Role[] | undefined, principal: Principal | undefined): true {
  req.user = principal;
  bindToRequestContext(principal);
  if (!allowed?.length || allowed.includes('public')) return true;
  if (!principal) {
    res.header('WWW-Authenticate', 'Bearer realm="made-in-banat"');
    throw unauthenticated(missingCredentials(allowed));
  }
  if (!allowed.includes(principal.role)) throw forbidden(`the role '${principal.role}' may not do this (allowed: ${allowed.join(', ')})`);
  return true;
}

/**
 * The 401 of a request without credentials on a route that needs them: what to send and which roles get in (an API key
 * is named only where its role, `partner`, is allowed: elsewhere a partner's key is a 403).
 */
export function missingCredentials(allowed: readonly Role[]): string {
  return `this endpoint needs ${allowed.includes('partner') ? 'a bearer token or a partner API key' : 'a bearer token'} of one of the roles: ${allowed.join(', ')}`;
}

/** Writes the caller into the request's context object, which RpcClient turns into NATS headers. */
export function bindToRequestContext(principal: Principal | undefined): void {
  const ctx = currentContext();
  if (!ctx) return;
  ctx.actor = principal?.actor;
  ctx.role = principal?.role ?? 'public';
  ctx.org = principal?.org;
}
