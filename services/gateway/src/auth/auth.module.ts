import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { PlatformConfig } from '@banat/messaging';
import { PartnerApiKeys } from './api-keys';
import { AuthGuard } from './auth.guard';
import { DEFAULT_THROTTLER, GatewayThrottlerGuard, notAPublicSubmission, PUBLIC_SUBMISSIONS } from './throttler.guard';
import { SlidingWindowThrottlerStorage } from './throttler-storage';
import { TokenVerifier } from './token-verifier';

/** Rate limits, then authentication and roles, on every gateway route (guards run in this order). */
@Module({})
export class AuthModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({
          storage: new SlidingWindowThrottlerStorage(),
          throttlers: [
            // THROTTLE_LIMIT per client over every route (and the web pages: web/web-pages.ts counts them on the same storage key).
            { name: DEFAULT_THROTTLER, ttl: config.THROTTLE_TTL_MS, limit: config.THROTTLE_LIMIT },
            { name: PUBLIC_SUBMISSIONS, ttl: config.COMPLAINT_THROTTLE_TTL_MS, limit: config.COMPLAINT_THROTTLE_LIMIT, skipIf: notAPublicSubmission },
          ],
        }),
      ],
      providers: [
        { provide: TokenVerifier, useValue: TokenVerifier.fromConfig(config) },
        { provide: PartnerApiKeys, useValue: PartnerApiKeys.fromConfig(config) },
        { provide: APP_GUARD, useClass: GatewayThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
