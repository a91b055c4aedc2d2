import { HttpException, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ErrorCode, type Msg, type NatsConnection } from 'nats';
import { httpStatusForCode, isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { rpcClientDuration, rpcClientRequests, secondsSince } from '@banat/metrics';
import { currentContext, IdentitySigner, identitySignerFrom, natsIdentity, PLATFORM_CONFIG, PlatformConfig, RequestContext, requestRecord } from '@banat/messaging';
import { ReplyInbox } from '@banat/bus';
import { isTransientError } from '@banat/projections';

export const BUS = Symbol('BUS');

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SUCCESS_HEAD = encoder.encode('{"response":');
const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [

/**
 * The answer's JSON within a success packet as the services' Nest transport writes it, `{"response":<answer>,"isDisposed":true,"id":"<id>"}`,
 * when the answer is an object or an array, as a view of the packet's bytes (no copy); undefined for anything else (a failure, an empty
 * answer, another shape), which is parsed as usual.
 */
export function successBytes(packet: Uint8Array, id: string): Uint8Array | undefined {
  const tail = `,"isDisposed":true,"id":"${id}"}`;
  const end = packet.length - tail.length;
  if (end <= SUCCESS_HEAD.length) return undefined;
  for (let i = 0; i < SUCCESS_HEAD.length; i++) if (packet[i] !== SUCCESS_HEAD[i]) return undefined;
  // The tail is ASCII (the id is the decimal request number): its characters are its bytes.
  for (let i = 0; i < tail.length; i++) if (packet[end + i] !== tail.charCodeAt(i)) return undefined;
  const first = packet[SUCCESS_HEAD.length];
  return first === OPEN_OBJECT || first === OPEN_ARRAY ? packet.subarray(SUCCESS_HEAD.length, end) : undefined;
}

/** An RPC failure as the HTTP caller sees it: status from the code, the coded body as JSON. */
export class RpcHttpException extends HttpException {
  constructor(readonly body: RpcErrorBody) {
    super(body, httpStatusForCode[body.code] ?? 500);
  }
}

/**
 * A service's JSON answer as the bytes it sent, for the HTTP response as they are (the gateway's reply serializer writes
 * them; app.ts): the same JSON that parsing it and stringifying it again would give, without the work (nor a decode and
 * re-encode of the text).
 */
export class JsonText {
  /** The answer's UTF-8 JSON, a view of the reply's bytes. */
  readonly bytes: Buffer;

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }
}

/** How a request is sent: its own bound on waiting; the answer's bytes passed through (`sendJson`); `as`: who it acts for, instead of the HTTP caller. */
export interface RpcOptions {
  timeoutMs?: number;
  passThrough?: boolean;
  /** The gateway asking for itself (its readiness probe), whoever the HTTP caller is: signed as this actor and role, with the request's correlation id. */
  as?: Required<Pick<RequestContext, 'actor' | 'role'>>;
}

/** What a service's Nest NATS transport answers a request with (its serializer's JSON). */
interface ReplyPacket<T> {
  err?: unknown;
  response?: T;
}

/**
 * Request/reply over NATS with the caller's correlation id and signed identity (actor, role, organisation) in the headers, and a bound on waiting.
 * The request goes in the services' Nest transport format (`{ pattern, data, id }`, JSON) on the
 * bus client's connection, its reply read on one reply subscription for all requests (ReplyInbox): Nest's client
 * subscribed a fresh inbox for each request (SUB, PUB, UNSUB to the server, an rxjs pipeline and a subscription per
 * call), a third of the gateway's work on a read by id; nats.js's own muxed request still built an error object and a
 * timer per request.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly identities: IdentitySigner;
  private readonly logger = new Logger('rpc');

  constructor(
    @Inject(BUS) private readonly bus: ClientProxy,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.identities = identitySignerFrom(config);
  }

  /**
   * At shutdown, after the HTTP server closed (Nest closes it between the destroy and the shutdown hooks): the requests
   * still waiting on a service end first (each by its reply or its own timeout), then the bus closes. Closed at module
   * destroy, the bus was gone while HTTP still served: the requests in flight at a SIGTERM failed at once, with nats.js's
   * timeout code ("did not answer within 5000 ms" logged for a service that was answering).
   */
  async onApplicationShutdown(): Promise<void> {
    await this.inbox?.idle();
    await this.bus.close();
  }

  /** Sends and counts the round trip (`banat_rpc_client_requests_total`, `_duration_seconds`) by target, pattern and code. */
  async send<T>(subject: string, payload: unknown, options: RpcOptions = {}): Promise<T> {
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

  /**
   * Like `send`, for an answer the caller hands to HTTP untouched: a successful object or array comes back as its JSON
   * text (`JsonText`), with no parse and no re-stringify; a failure is thrown exactly as by `send`.
   */
  sendJson<T>(subject: string, payload: unknown, options: { timeoutMs?: number } = {}): Promise<T | JsonText> {
    return this.send<T | JsonText>(subject, payload, { ...options, passThrough: true });
  }

  private async call<T>(subject: string, payload: unknown, options: RpcOptions): Promise<T> {
    const record = await requestRecord(subject, payload, this.identities, options.as ? { correlationId: currentContext()?.correlationId ?? '', ...options.as } : currentContext());
    const limit = options.timeoutMs ?? this.config.RPC_TIMEOUT_MS;
    const service = subject.split('.')[2];
    let reply: Msg;
    const id = String(++this.lastId);
    try {
      // Between a disconnect and the reconnect Nest's client refuses to connect (a transient error, below).
      const nc = (await this.bus.connect()) as NatsConnection;
      const packet = { pattern: subject, data: record.data, id };
      reply = await this.inboxOf(nc).request(subject, encoder.encode(JSON.stringify(packet)), { timeout: limit, headers: record.headers });
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (code === ErrorCode.Timeout) {
        throw new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `the ${service} service did not answer within ${limit} ms`, details: { service } });
      }
      if (code === ErrorCode.NoResponders) throw this.noInstance(service);
      // The bus itself lost or reconnecting (nats-server restarted): an outage, not a bug.
      if (isTransientError(error)) {
        throw new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `the bus is not reachable; the ${service} service could not be asked`, details: { service } });
      }
      throw this.internal(subject, error);
    }
    if (reply.data.length === 0) throw this.noInstance(service);
    if (options.passThrough) {
      const passed = successBytes(reply.data, id);
      if (passed !== undefined) return new JsonText(passed) as T;
    }
    const { err, response } = JSON.parse(decoder.decode(reply.data)) as ReplyPacket<T>;
    if (err !== undefined && err !== null) throw isRpcErrorBody(err) ? new RpcHttpException(err) : this.internal(subject, err);
    return response as T;
  }

  private lastId = 0;
  private inbox: ReplyInbox | undefined;

  /** The reply inbox on the bus client's connection, made anew when the client made a new connection (after close) or the old one failed. */
  private inboxOf(nc: NatsConnection): ReplyInbox {
    if (this.inbox?.connection !== nc || !this.inbox.open) this.inbox = new ReplyInbox(nc, { inboxPrefix: natsIdentity(this.config).inboxPrefix });
    return this.inbox;
  }

  /** NATS "no responders": no replica is subscribed, so there is nothing to wait for. */
  private noInstance(service: string | undefined): RpcHttpException {
    return new RpcHttpException({ code: RpcErrorCodes.UNAVAILABLE, message: `no instance of the ${service} service is running`, details: { service } });
  }

  private internal(subject: string, error: unknown): RpcHttpException {
    this.logger.error(`request on ${subject} failed: ${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}`);
    return new RpcHttpException({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
  }
}
