import { NatsContext, NatsOptions, ServerNats } from '@nestjs/microservices';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import type { NatsConnection, Subscription } from 'nats';
import { isObservable } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import { acceptCorrelationId, CORRELATION_HEADER, requestContext, type RequestContext } from './correlation';
import { rpcRequestDuration, rpcRequests, secondsSince } from '@banat/metrics';
import { IdentityVerifier, type IdentityCheck } from './identity';

type NatsMsg = Parameters<ServerNats['handleMessage']>[1];

/** How long a closing service waits at most for the requests it has taken to be answered. */
const DEFAULT_GRACE_MS = 10_000;

/**
 * A handler's answer given as its JSON text (e.g. a page kept serialized with the page): the reply packet is written
 * around the text as it is, the same bytes Nest's serializer would write for the object the text stands for.
 */
export class JsonReply {
  private utf8?: Uint8Array;

  constructor(readonly text: string) {}

  /** The text as UTF-8, encoded once however often the reply is sent. */
  get bytes(): Uint8Array {
    return (this.utf8 ??= encoder.encode(this.text));
  }
}

const encoder = new TextEncoder();

/** Nest's NATS serializer, with a `JsonReply` answer written as its bytes instead of stringified again. */
export class JsonReplySerializer extends NatsRecordSerializer {
  override serialize(packet: unknown): { data: Uint8Array; headers?: unknown } {
    const fields = packet as Record<string, unknown> | undefined;
    if (!(fields?.response instanceof JsonReply) || fields.data !== undefined || fields.headers !== undefined) return super.serialize(packet) as { data: Uint8Array };
    // As JSON.stringify({ ...packet, data: undefined }) writes it: the packet's own keys in order, undefined ones left out.
    const before: string[] = [];
    const after: string[] = [];
    let parts = before;
    for (const key of Object.keys(fields)) {
      const value = fields[key];
      if (key === 'response') parts = after;
      else if (value !== undefined) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
    }
    const head = `{${before.map((part) => `${part},`).join('')}"response":`;
    return { data: Buffer.concat([encoder.encode(head), fields.response.bytes, encoder.encode(`${after.map((part) => `,${part}`).join('')}}`)]), headers: undefined };
  }
}

/**
 * How a service's code learns the request it serves (correlation id; actor, role and organisation of a valid
 * signed identity):
 * - 'async-local': `requestContext` is entered around the whole handling, and `currentContext()` reads it anywhere
 *   below, across awaits. On Node 20 that is AsyncLocalStorage on async hooks: once entered, every promise the
 *   process makes, and every callback, pays a hook. On the certification command path it was a tenth to a fifth of the
 *   service's CPU per command with 100 in flight (bench-commands, command-only replica, medians of 5 rounds: 220 µs
 *   with it, 176 and 200 in two runs without; 192 over 7 rounds) and ~30 µs a command one at a time (CPU profile: promiseInitHook, _propagate,
 *   lookupPublicResource, trackPromise...).
 * - 'explicit': no async context at all: the request is on the handler's Nest context (`@Ctx()`, read with
 *   `requestOf`), and the service hands it to what needs it. `currentContext()` is then always undefined in that
 *   process, so nothing in it may rely on it (a log line has no correlation id of its own there).
 * `requestOf(ctx)` answers in both modes.
 */
export type ContextPropagation = 'async-local' | 'explicit';

/** Nest's NATS context with the request it stands for: what `requestOf` reads. */
export class RequestNatsContext extends NatsContext {
  constructor(
    args: ConstructorParameters<typeof NatsContext>[0],
    readonly request: RequestContext,
  ) {
    super(args);
  }
}

/**
 * The request a handler serves, from its Nest context (`@Ctx() ctx: NatsContext`): the caller the gateway's signed
 * identity names, or an anonymous request (no actor, no role) for a context made elsewhere, which every rule
 * refuses as it would an unsigned caller.
 */
export function requestOf(ctx: NatsContext | undefined): RequestContext {
  return ctx instanceof RequestNatsContext ? ctx.request : { correlationId: acceptCorrelationId(undefined) };
}

/**
 * Nest's NATS transport, with the request context (correlation id, and the actor, role and
 * organisation of a valid signed identity) set around the whole handling — no per-message
 * interceptor — and plain-string patterns routed without a failing JSON.parse per message. Both
 * showed in the command path's CPU profile. A request with caller headers but no valid signed
 * identity is answered UNAUTHENTICATED without reaching a handler.
 */
export class BanatNatsServer extends ServerNats {
  /** The `service` label of its RPC metrics: the queue group. */
  private readonly service: string;
  /** At most this long a closing server waits for the requests it has taken (Nest's `gracePeriod` option). */
  private readonly graceMs: number;

  constructor(
    options: Required<NatsOptions>['options'],
    private readonly identities: IdentityVerifier = new IdentityVerifier(undefined),
    /** How handlers learn their request (see ContextPropagation). */
    readonly propagation: ContextPropagation = 'async-local',
  ) {
    super(options);
    this.service = options.queue ?? 'unknown';
    this.graceMs = options.gracePeriod ?? DEFAULT_GRACE_MS;
  }

  /** Requests taken and not yet answered (each handling's promise settles once its answer is published). */
  private inFlight = 0;
  private whenIdle?: () => void;

  /** Nest's subscription callback without its async wrapper (a promise per message): the handling's promise as it is. */
  override getMessageHandler(channel: string): (error: object | undefined, message: NatsMsg) => unknown {
    return (error, message) => (error ? this.logger.error(error) : this.handleMessage(channel, message));
  }

  override handleMessage(channel: string, natsMsg: NatsMsg): Promise<unknown> {
    this.inFlight++;
    let handling: Promise<unknown>;
    try {
      handling = this.handleTaken(channel, natsMsg);
    } catch (error) {
      handling = Promise.reject(error); // never thrown into nats.js's parser, which called the subscription back
    }
    // One promise per request for the count (`finally` makes three).
    return handling.then(this.answered, this.failed);
  }

  private readonly answered = (value: unknown): unknown => {
    if (--this.inFlight === 0) this.whenIdle?.();
    return value;
  };

  private readonly failed = (error: unknown): never => {
    if (--this.inFlight === 0) this.whenIdle?.();
    throw error;
  };

  /**
   * Stops taking requests and answers the ones taken before closing the connection: Nest's close cut the connection
   * with handlers still running (their answers lost, each caller waiting out its timeout), or with `gracefulShutdown`
   * dropped what was already on its way and then waited a fixed period. Each subscription is drained (the server stops
   * routing to this replica, and what it had sent is still handled), then the handlers still running are waited for,
   * at most `gracePeriod` ms (10,000 unless the options say), and what they answered is flushed to the server.
   */
  override async close(): Promise<void> {
    const nc = (this as unknown as { natsClient?: NatsConnection | null }).natsClient;
    if (nc && !nc.isClosed()) {
      const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
      await Promise.allSettled(subscriptions.map((sub) => sub.drain()));
      await this.idle(this.graceMs);
      await nc.flush().catch(() => undefined);
    }
    if (this.shared && nc) {
      // The process's connection: still the projectors' and the publishers' until the shutdown hooks drain it.
      (this as unknown as { natsClient: NatsConnection | null }).natsClient = null;
      this.statusEventEmitter.removeAllListeners();
      return;
    }
    await super.close();
  }

  /** The connection the server answers on when it is the process's own (shareConnection), not one of its own. */
  private shared?: () => NatsConnection | undefined;

  /**
   * Answers requests on the process's connection (the event store's and the publishers'), made when the server starts
   * listening, instead of opening a second one: with two, a command's request and its append's acknowledgement came in
   * on different sockets, each read and written on its own. Falls back to a connection of its own if there is none.
   */
  shareConnection(connection: () => NatsConnection | undefined): void {
    this.shared = connection;
  }

  override createNatsClient(): Promise<NatsConnection> {
    const nc = this.shared?.();
    return nc ? Promise.resolve(nc) : super.createNatsClient();
  }

  /** Resolves when no request is in flight, or after `limitMs`. */
  private idle(limitMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.whenIdle = undefined;
        resolve();
      };
      const timer = setTimeout(done, limitMs);
      this.whenIdle = done;
    });
  }

  private handleTaken(channel: string, natsMsg: NatsMsg): Promise<unknown> {
    const headers = natsMsg.headers;
    const correlationId = acceptCorrelationId(headers?.get(CORRELATION_HEADER));
    // An assertion seen before is checked at once: no promise to wait on (each one costs under async hooks).
    const checked = this.identities.check(natsMsg.subject, headers);
    return checked instanceof Promise ? checked.then((c) => this.handleChecked(channel, natsMsg, c, correlationId)) : this.handleChecked(channel, natsMsg, checked, correlationId);
  }

  private handleChecked(channel: string, natsMsg: NatsMsg, checked: IdentityCheck, correlationId: string): Promise<unknown> {
    if (!checked.ok) return this.refuse(channel, natsMsg, checked.reason, correlationId);
    const ctx: RequestContext = { correlationId, ...checked.identity };
    const natsCtx = new RequestNatsContext([natsMsg.subject, natsMsg.headers], ctx);
    return this.propagation === 'explicit' ? this.dispatch(channel, natsMsg, natsCtx) : requestContext.run(ctx, () => this.dispatch(channel, natsMsg, natsCtx));
  }

  /**
   * ServerNats.handleMessage, with a handler's plain answer published as it comes: Nest wraps every
   * answer in an observable (from, mergeMap, of, catchError, finalize, a subscription and a
   * nextTick) only to send the one packet `{ response, isDisposed: true }` it then sends here. An
   * observable answer (a stream, or the exception filter's error) still goes through Nest's own
   * send, packet for packet. The request is decoded by the server's deserializer without waiting a
   * turn for it when it answers at once.
   */
  private dispatch(channel: string, natsMsg: NatsMsg, natsCtx: RequestNatsContext): Promise<unknown> {
    const decoded = this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply });
    return decoded instanceof Promise ? decoded.then((m) => this.route(channel, natsMsg, natsCtx, m)) : this.route(channel, natsMsg, natsCtx, decoded);
  }

  private route(channel: string, natsMsg: NatsMsg, natsCtx: NatsContext, message: { id?: string; data?: unknown }): Promise<unknown> {
    if (message.id === undefined) return this.handleEvent(channel, message as Parameters<ServerNats['handleEvent']>[1], natsCtx);
    const publish = this.getPublisher(natsMsg, message.id, natsCtx);
    const handler = this.getHandlerByPattern(channel);
    if (!handler) return Promise.resolve(publish({ id: message.id, status: 'error', err: NO_MESSAGE_HANDLER }));
    // The hook returns what `done` returns (Nest's default hook: its promise); the subscription's callback awaits it.
    return this.onProcessingStartHook(this.transportId!, natsCtx, async () => {
      const answer: unknown = await handler(message.data, natsCtx);
      if (isObservable(answer)) this.send(answer, publish as Parameters<ServerNats['send']>[1]);
      else publish({ response: answer, isDisposed: true });
    }) as unknown as Promise<unknown>;
  }

  /** Answers a request whose identity is forged, expired or misdirected with its code, as a handler's failure would be. */
  private async refuse(channel: string, natsMsg: NatsMsg, reason: string, correlationId: string): Promise<unknown> {
    const message = await this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply });
    if (!('id' in message) || message.id === undefined) return undefined; // an event: nothing to answer, nothing handled
    const publish = this.getPublisher(natsMsg, message.id, undefined as never);
    return publish({ err: { code: RpcErrorCodes.UNAUTHENTICATED, message: reason, details: { correlationId } }, isDisposed: true });
  }

  /** Counts and times each answer (`banat_rpc_requests_total`, `_duration_seconds`) by pattern and code, when its last packet leaves. */
  override getPublisher(natsMsg: NatsMsg, id: string, ctx: Parameters<ServerNats['getPublisher']>[2]): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    const start = process.hrtime.bigint();
    const service = this.service;
    const pattern = natsMsg.subject; // our patterns are plain subjects
    let recorded = false;
    return (packet: unknown) => {
      const { err, isDisposed } = (packet ?? {}) as { err?: unknown; isDisposed?: boolean };
      if (!recorded && (err !== undefined || isDisposed)) {
        recorded = true;
        const code = err === undefined ? 'OK' : typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'INTERNAL';
        const labels = { service, pattern, code };
        rpcRequests.inc(labels);
        rpcRequestDuration.observe(labels, secondsSince(start));
      }
      return publish(packet);
    };
  }

  /** Nest's serializer unless the options name another, with `JsonReply` answers written as they are. */
  protected override initializeSerializer(options: NatsOptions['options']): void {
    this.serializer = options?.serializer ?? new JsonReplySerializer();
  }

  override getRouteFromPattern(pattern: string): string {
    // Our patterns are subjects; only an object pattern arrives as JSON.
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }
}
