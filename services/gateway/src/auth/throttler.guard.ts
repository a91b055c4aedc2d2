import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limit per client address (THROTTLE_LIMIT per THROTTLE_TTL_MS); a 429 carries Retry-After. */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(): Promise<void> {
    throw new HttpException('too many requests: retry after the number of seconds in Retry-After', HttpStatus.TOO_MANY_REQUESTS);
  }
}
