import { HttpException, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { httpStatusForCode, isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { rpcClientDuration, rpcClientRequests, secondsSince } from '@banat/metrics';
import { IdentitySigner, identitySignerFrom, PLATFORM_CONFIG, PlatformConfig, requestRecord } from '@banat/messaging';
import { isTransientError } from '@banat/projections';

export const BUS = Symbol('BUS');

/** An RPC failure as the HTTP caller sees it: status from the code, the coded body as JSON. */
export class RpcHttpException extends HttpException {
  constructor(readonly body: RpcErrorBody) {
    super(body, httpStatusForCode[body.code] ?? 500);
  }
}

/** Request/reply over NATS with the caller's correlation id and signed identity (actor, role, organisation) in the headers, and a bound on waiting. */
@Injectable()
export class RpcClient implements OnModuleDestroy {
  private readonly identities: IdentitySigner;
  private readonly logger = new Logger('rpc');

  constructor(
    @Inject(BUS) private readonly bus: ClientProxy,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.identities = identitySignerFrom(config);
  }

  async onModuleDestroy(): Promise<void> {
    await this.bus.close();
  }

  /** Sends and counts the round trip (`banat_rpc_client_requests_total`, `_duration_seconds`) by target, pattern and code. */
  async send<T>(subject: string, payload: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
    const start = process.hrtime.bigint();
    let code = 'OK';
    try {
      return await this.call<T>(subject, payload, options);
    } catch (error) {
      code = error instanceof RpcHttpException ? error.body.code : 'INTERNAL';
      throw error;
    } finally {
      const labels = { service: subject.split('.')[2] ?? 'unknown', pattern: subject, code };
      rpcClientRequests.inc(labels);
      rpcClientDuration.observe(labels, secondsSince(start));
    }
  }

  private async call<T>(subject: string, payload: unknown, options: { timeoutMs?: number }): Promise<T> {
    const record = await requestRecord(subject, payload, this.identities);
    const limit = options.timeoutMs ?? this.config.RPC_TIMEOUT_MS;
    try {
      return await firstValueFrom(this.bus.send<T>(subject, record).pipe(timeout(limit)));
    } catch (error) {
      const service = subject.split('.')[2];
      if (error instanceof TimeoutError) {
        throw new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `the ${service} service did not answer within ${limit} ms`, details: { service } });
      }
      if (error instanceof EmptyResponseException) {
        // NATS "no responders": no replica is subscribed, so there is nothing to wait for.
        throw new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `no instance of the ${service} service is running`, details: { service } });
      }
      if (isRpcErrorBody(error)) throw new RpcHttpException(error);
      // The bus itself lost or reconnecting (nats-server restarted): an outage, not a bug.
      if (isTransientError(error)) {
        throw new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `the bus is not reachable; the ${service} service could not be asked`, details: { service } });
      }
      this.logger.error(`request on ${subject} failed: ${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}`);
      throw new RpcHttpException({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
    }
  }
}
