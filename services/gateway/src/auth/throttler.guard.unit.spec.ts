import { ExecutionContext, HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, ThrottlerOptions } from '@nestjs/throttler';
import { GatewayThrottlerGuard, notAPublicSubmission, PUBLIC_SUBMISSIONS, PublicSubmission } from './throttler.guard';
import { SlidingWindowThrottlerStorage } from './throttler-storage';

class Routes {
  plain() {}
  @PublicSubmission() complain() {}
  @Throttle({ default: { limit: 3, ttl: 2000 } }) strict() {}
  @SkipThrottle() free() {}
}
@SkipThrottle()
class Unthrottled {
  open() {}
}

/** The library's own way (its canActivate, with the gateway's keys and 429): the reference. */
class LibraryWay extends GatewayThrottlerGuard {
  protected override routePlan(): null {
    return null;
  }
}

const options: { throttlers: ThrottlerOptions[] } = {
  throttlers: [
    { name: 'default', ttl: 1000, limit: 5 },
    { name: PUBLIC_SUBMISSIONS, ttl: 5000, limit: 2, skipIf: notAPublicSubmission },
  ],
};

async function guard<T extends GatewayThrottlerGuard>(Kind: new (...args: ConstructorParameters<typeof GatewayThrottlerGuard>) => T): Promise<T> {
  const g = new Kind({ ...options, throttlers: options.throttlers.map((t) => ({ ...t })) }, new SlidingWindowThrottlerStorage(), new Reflector());
  await g.onModuleInit();
  return g;
}

/** A request from `ip` to a route: what the guard answered and the headers it set. */
async function hit(g: GatewayThrottlerGuard, ip: string, classRef: Function, handler: Function) {
  const headers: Record<string, unknown> = {};
  const res = { header: (name: string, value: unknown) => ((headers[name] = value), res) };
  const context = new ExecutionContextHost([{ ip, headers: {} }, res, () => {}], classRef as never, handler as never);
  context.setType('http');
  try {
    return { allowed: await g.canActivate(context as ExecutionContext), headers };
  } catch (error) {
    return { refused: (error as HttpException).getStatus(), body: (error as HttpException).getResponse(), headers };
  }
}

describe('GatewayThrottlerGuard', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('answers, refuses and sets headers as the library does, hit by hit, on plain, stricter, public-submission and skipped routes', async () => {
    const ours = await guard(GatewayThrottlerGuard);
    const theirs = await guard(LibraryWay);
    const routes: [Function, Function][] = [
      [Routes, Routes.prototype.plain],
      [Routes, Routes.prototype.complain],
      [Routes, Routes.prototype.strict],
      [Routes, Routes.prototype.free],
      [Unthrottled, Unthrottled.prototype.open],
    ];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seen = { refused: 0, allowed: 0, publicRefused: 0 };
    for (let step = 0; step < 2000; step++) {
      jest.advanceTimersByTime(Math.floor(random() < 0.85 ? random() * 80 : random() * 3000));
      const [classRef, handler] = routes[Math.floor(random() * routes.length)]!;
      const ip = ['10.0.0.1', '10.0.0.2', '::ffff:10.0.0.3', '2001:db8::1'][Math.floor(random() * 4)]!;
      const expected = await hit(theirs, ip, classRef, handler);
      const actual = await hit(ours, ip, classRef, handler);
      expect({ step, ...actual }).toEqual({ step, ...expected });
      if ('refused' in actual) {
        seen.refused++;
        if ('Retry-After-public-submissions' in actual.headers) seen.publicRefused++;
      } else seen.allowed++;
    }
    // The walk reached every outcome: allowed, refused by the default throttler and by the public-submission one.
    expect(seen.allowed).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(20);
    expect(seen.publicRefused).toBeGreaterThan(5);
  });

  it('counts without a promise on a plain route, and refuses with a 429 naming the limit, Retry-After set', async () => {
    const g = await guard(GatewayThrottlerGuard);
    const headers: Record<string, unknown> = {};
    const res = { header: (name: string, value: unknown) => ((headers[name] = value), res) };
    const host = new ExecutionContextHost([{ ip: '10.0.0.9', headers: {} }, res, () => {}], Routes as never, Routes.prototype.strict as never);
    host.setType('http');
    const context = host as ExecutionContext;
    for (let i = 0; i < 3; i++) expect(g.canActivate(context)).toBe(true);
    expect(headers).toEqual({ 'X-RateLimit-Limit': 3, 'X-RateLimit-Remaining': 0, 'X-RateLimit-Reset': 2 });
    await expect(g.canActivate(context)).rejects.toMatchObject({ status: 429, response: { code: 'RATE_LIMITED', message: expect.stringContaining('at most 3 in 2 s') } });
    expect(headers['Retry-After']).toBe(2);
  });

  it('counts a client once across every route (THROTTLE_LIMIT per client, not per route), and each client apart', async () => {
    const g = await guard(GatewayThrottlerGuard);
    const answers = [];
    for (const [ip, handler] of [
      ['10.0.0.5', Routes.prototype.plain],
      ['10.0.0.5', Routes.prototype.complain],
      ['10.0.0.5', Unthrottled.prototype.open],
      ['10.0.0.6', Routes.prototype.plain],
      ['10.0.0.5', Routes.prototype.plain],
      ['10.0.0.5', Routes.prototype.complain],
      ['10.0.0.5', Routes.prototype.plain],
      ['10.0.0.5', Routes.prototype.plain],
    ] as const) {
      const answer = await hit(g, ip, handler === Unthrottled.prototype.open ? Unthrottled : Routes, handler);
      answers.push('refused' in answer ? answer.refused : answer.headers['X-RateLimit-Remaining']);
    }
    // 5 per second per client, whichever routes: the skipped route does not count, another client has its own count.
    expect(answers).toEqual([4, 3, undefined, 4, 2, 1, 0, 429]);
  });
});
