import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { startMetricsListener, type MetricsListener } from '@banat/metrics';
import type { PlatformConfig } from './config';

/**
 * A service's or the gateway's Prometheus listener (`GET /metrics` on METRICS_HOST:METRICS_PORT,
 * behind METRICS_TOKEN when set), started with the app and closed with it; none without METRICS_PORT.
 */
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private listener?: MetricsListener;

  constructor(
    private readonly config: Pick<PlatformConfig, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>,
    private readonly name: string,
  ) {}

  /** The port it listens on, once started. */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { METRICS_PORT: port, METRICS_HOST: host, METRICS_TOKEN: token } = this.config;
    if (port === undefined || this.listener) return;
    this.listener = await startMetricsListener({ port, host, token });
    new Logger('metrics').log(`${this.name} metrics on http://${host}:${this.listener.port}/metrics${token ? ' (bearer token)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
    this.listener = undefined;
  }
}

/** The provider every service and the gateway include. */
export const metricsEndpointProvider = (config: PlatformConfig, name: string) => ({ provide: MetricsEndpoint, useFactory: () => new MetricsEndpoint(config, name) });
