import { ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';
import { THROTTLER_BLOCK_DURATION, THROTTLER_KEY_GENERATOR, THROTTLER_LIMIT, THROTTLER_SKIP, THROTTLER_TRACKER, THROTTLER_TTL } from '@nestjs/throttler/dist/throttler.constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RpcErrorCodes } from '@banat/contracts';
import { SlidingWindowThrottlerStorage } from './throttler-storage';

/** The limit per client on everything the gateway serves (THROTTLE_LIMIT per THROTTLE_TTL_MS): its throttler's name. */
export const DEFAULT_THROTTLER = 'default';

/** A client as the rate limits know it: its address (an IPv6 one by its /64, as the library's default tracker). */
export const clientTracker = (ip: string): string => normalizeIp(ip, DEFAULT_IPV6_SUBNET_PREFIX);

/** The default throttler's storage key of a client: one count for every API route and web page. */
export const clientKey = (tracker: string): string => `${DEFAULT_THROTTLER}-${tracker}`;

/** The stricter limit on what anyone may send without an account (complaints): its throttler's name. */
export const PUBLIC_SUBMISSIONS = 'public-submissions';
const PUBLIC_SUBMISSION_KEY = 'banat:public-submission';

/** Marks a route open to the public that also counts against COMPLAINT_THROTTLE_LIMIT per COMPLAINT_THROTTLE_TTL_MS. */
export const PublicSubmission = () => SetMetadata(PUBLIC_SUBMISSION_KEY, true);

/** Whether a handler is marked `@PublicSubmission()`, looked up once per handler (decorators run when the class is defined). */
const publicSubmissions = new WeakMap<Function, boolean>();

/** The stricter throttler skips every route not marked with `@PublicSubmission()`. */
export const notAPublicSubmission = (context: ExecutionContext): boolean => {
  const handler = context.getHandler();
  let marked = publicSubmissions.get(handler);
  if (marked === undefined) publicSubmissions.set(handler, (marked = Reflect.getMetadata(PUBLIC_SUBMISSION_KEY, handler) === true));
  return !marked;
};

/** One throttler as it applies to one route: its decorators' values (or the throttler's) and its header names, fixed once the route's class is defined. */
interface RouteThrottler {
  throttler: ThrottlerOptions & { name: string };
  skip: boolean;
  limit: number;
  ttl: number;
  blockDuration: number;
  headers: { limit: string; remaining: string; reset: string; retryAfter: string };
}

/**
 * Rate limit per client address (THROTTLE_LIMIT per THROTTLE_TTL_MS over every route, stricter on public submissions); a 429 carries Retry-After.
 *
 * The library's guard looks up five decorator values per throttler on every request (each a walk of reflect-metadata's
 * maps through the handler and the class), and awaits each of them, the client's address and the storage: a dozen
 * promises per request, each costing the request context's async hooks too (the guard was ~6% of a search's CPU). Here a
 * route's values are looked up once, and when they are plain numbers, with the gateway's storage and no per-route tracker or
 * key generator (the gateway sets none), the request is counted at once, synchronously, with the library's semantics and
 * headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`, suffixed with a named throttler's name; `Retry-After` on a 429). Anything
 * else takes the library's own way.
 */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  private readonly routes = new WeakMap<Function, WeakMap<Function, RouteThrottler[] | null>>();

  // Nest takes a boolean from a guard as it is (and awaits anything else); the library's type says Promise.
  override canActivate(context: ExecutionContext): Promise<boolean> {
    return this.activateAtOnce(context) as Promise<boolean>;
  }

  /** True (or a rejection: 429) without a promise when the route's throttling is plain; else the library's way. */
  private activateAtOnce(context: ExecutionContext): boolean | Promise<boolean> {
    const plan = this.routePlan(context);
    if (!plan) return super.canActivate(context);
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    let tracker: string | undefined;
    for (const route of plan) {
      const skipIf = route.throttler.skipIf || this.commonOptions.skipIf;
      if (route.skip || skipIf?.(context)) continue;
      const ignoreUserAgents = route.throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents;
      if (Array.isArray(ignoreUserAgents) && ignoreUserAgents.some((pattern) => pattern.test(req.headers['user-agent']!))) continue;
      tracker ??= normalizeIp(req.ip, this.ipv6SubnetPrefix);
      const key = this.generateKey(context, tracker, route.throttler.name);
      const { limit, ttl, blockDuration, headers } = route;
      const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = (this.storageService as SlidingWindowThrottlerStorage).hit(key, ttl, limit, blockDuration, route.throttler.name);
      const setHeaders = route.throttler.setHeaders ?? this.commonOptions.setHeaders ?? true;
      if (isBlocked) {
        if (setHeaders) res.header(headers.retryAfter, timeToBlockExpire);
        return this.throwThrottlingException(context, { limit, ttl, key, tracker, totalHits, timeToExpire, isBlocked, timeToBlockExpire }).then(() => true);
      }
      if (setHeaders) {
        res.header(headers.limit, limit);
        res.header(headers.remaining, Math.max(0, limit - totalHits));
        res.header(headers.reset, timeToExpire);
      }
    }
    return true;
  }

  /** The route's throttlers with their values, or null when any needs the library's way (a value computed per request, a tracker or key generator of its own, another storage). */
  protected routePlan(context: ExecutionContext): RouteThrottler[] | null {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new WeakMap()));
    let plan = byClass.get(classRef);
    if (plan === undefined) byClass.set(classRef, (plan = this.planRoute(handler, classRef)));
    return plan;
  }

  private planRoute(handler: Function, classRef: Function): RouteThrottler[] | null {
    if (!(this.storageService instanceof SlidingWindowThrottlerStorage) || this.options === undefined || Array.isArray(this.options)) return null;
    // (Without them in the options, the library tracks by the client's address and keys by generateKey, as below.)
    if (this.options.getTracker || this.options.generateKey) return null;
    const plan: RouteThrottler[] = [];
    for (const throttler of this.throttlers as (ThrottlerOptions & { name: string })[]) {
      const meta = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key + throttler.name, [handler, classRef]);
      if (meta(THROTTLER_TRACKER) || meta(THROTTLER_KEY_GENERATOR) || throttler.getTracker || throttler.generateKey) return null;
      const limit = meta<ThrottlerOptions['limit']>(THROTTLER_LIMIT) ?? throttler.limit;
      const ttl = meta<ThrottlerOptions['ttl']>(THROTTLER_TTL) ?? throttler.ttl;
      const blockDuration = meta<ThrottlerOptions['blockDuration']>(THROTTLER_BLOCK_DURATION) ?? throttler.blockDuration ?? ttl;
      if (typeof limit !== 'number' || typeof ttl !== 'number' || typeof blockDuration !== 'number' || [limit, ttl, blockDuration].some(Number.isNaN)) return null;
      const suffix = throttler.name === 'default' ? '' : `-${throttler.name}`;
      plan.push({
        throttler,
        skip: !!meta(THROTTLER_SKIP),
        limit,
        ttl,
        blockDuration,
        headers: { limit: `${this.headerPrefix}-Limit${suffix}`, remaining: `${this.headerPrefix}-Remaining${suffix}`, reset: `${this.headerPrefix}-Reset${suffix}`, retryAfter: `Retry-After${suffix}` },
      });
    }
    return plan;
  }

  /**
   * The storage key, not hashed (a SHA-256 per throttler on every request bought nothing: the keys stay in this process's
   * memory). The default throttler counts a client once across every route and the web pages (`clientKey`): THROTTLE_LIMIT
   * per client, as documented (the library keys by route too, so each route had a limit of its own). A stricter named
   * throttler (public submissions) still counts each route apart.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return throttlerName === DEFAULT_THROTTLER ? clientKey(tracker) : `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<FastifyReply>();
    // A named throttler sets `Retry-After-<name>`; clients look for the plain header.
    if (detail.timeToBlockExpire > 0) res.header('Retry-After', detail.timeToBlockExpire);
    throw new HttpException({ code: RpcErrorCodes.RATE_LIMITED, message: `too many requests (at most ${detail.limit} in ${Math.round(detail.ttl / 1000)} s): retry after the number of seconds in Retry-After` }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
