import { ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { RpcErrorCodes } from '@banat/contracts';

/** The stricter limit on what anyone may send without an account (complaints): its throttler's name. */
export const PUBLIC_SUBMISSIONS = 'public-submissions';
const PUBLIC_SUBMISSION_KEY = 'banat:public-submission';

/** Marks a route open to the public that also counts against COMPLAINT_THROTTLE_LIMIT per COMPLAINT_THROTTLE_TTL_MS. */
export const PublicSubmission = () => SetMetadata(PUBLIC_SUBMISSION_KEY, true);

/** The stricter throttler skips every route not marked with `@PublicSubmission()`. */
export const notAPublicSubmission = (context: ExecutionContext): boolean => Reflect.getMetadata(PUBLIC_SUBMISSION_KEY, context.getHandler()) !== true;

/** Rate limit per client address (THROTTLE_LIMIT per THROTTLE_TTL_MS, stricter on public submissions); a 429 carries Retry-After. */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  /** The storage key as the library makes it (route, throttler, client), but not hashed: a SHA-256 per throttler on every request bought nothing (the keys stay in this process's memory). */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<FastifyReply>();
    // A named throttler sets `Retry-After-<name>`; clients look for the plain header.
    if (detail.timeToBlockExpire > 0) res.header('Retry-After', detail.timeToBlockExpire);
    throw new HttpException({ code: RpcErrorCodes.RATE_LIMITED, message: `too many requests (at most ${detail.limit} in ${Math.round(detail.ttl / 1000)} s): retry after the number of seconds in Retry-After` }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
