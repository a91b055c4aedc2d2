import { randomUUID } from 'node:crypto';
import { CallHandler, CanActivate, Controller, DynamicModule, ExecutionContext, Module, NestInterceptor, PipeTransform, UseGuards, UseInterceptors } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { IsString, MinLength } from 'class-validator';
import { LoggerModule } from 'nestjs-pino';
import { connect, headers as natsHeaders, JSONCodec, type NatsConnection } from 'nats';
import { map, of, type Observable } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import { signedIdentityHeader, startNats, testIdentityKeys, type RunningServer } from '@banat/testing';
import { createService, propagationOf } from './bootstrap';
import { NATS_CONNECTION } from './nats-connection';
import { loadConfig } from './config';
import { CORRELATION_HEADER, currentContext } from './correlation';
import { requestOf } from './nats-server';
import { conflict } from './rpc-errors';

class EchoDto {
  @IsString()
  @MinLength(3)
  text!: string;
}

/** A parameter pipe that answers with a promise, after the global validation pipe (which answers at once). */
class ShoutPipe implements PipeTransform {
  async transform(dto: EchoDto): Promise<EchoDto> {
    await new Promise((r) => setTimeout(r, 5));
    return Object.assign(dto, { text: dto.text.toUpperCase() });
  }
}

class OnlyOpenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToRpc().getData<{ text?: string }>().text === 'open';
  }
}

class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((answer) => ({ wrapped: answer })));
  }
}

@Controller()
class ProbeController {
  @MessagePattern('probe.plain')
  plain(@Payload() dto: EchoDto) {
    return { echoed: dto.text, isDto: dto instanceof EchoDto, actor: currentContext()?.actor ?? null };
  }

  @MessagePattern('probe.nothing')
  async nothing(): Promise<void> {}

  @MessagePattern('probe.stream')
  stream() {
    return of(1, 2, 3);
  }

  @MessagePattern('probe.conflict')
  async refuse(): Promise<never> {
    throw conflict('someone else got there first', { revision: 4 });
  }

  @MessagePattern('probe.context')
  context(@Payload(ShoutPipe) dto: EchoDto, @Ctx() ctx: NatsContext) {
    return { echoed: dto.text, isDto: dto instanceof EchoDto, subject: ctx.getSubject() };
  }

  @MessagePattern('probe.guarded')
  @UseGuards(OnlyOpenGuard)
  @UseInterceptors(WrapInterceptor)
  guarded(@Payload() body: { text: string }) {
    return body.text;
  }

  /** The request as the handler's context gives it and as the async context does, after a wait (other requests run meanwhile). */
  @MessagePattern('probe.who')
  async who(@Payload() dto: EchoDto, @Ctx() ctx: NatsContext) {
    await new Promise((r) => setTimeout(r, Number(dto.text.length) * 3));
    return { text: dto.text, request: requestOf(ctx), current: currentContext() ?? null };
  }

  @MessagePattern('probe.crash')
  crash(): never {
    throw new Error('secret internals');
  }
}

@Module({ imports: [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } })], controllers: [ProbeController] })
class ProbeModule {}

/**
 * The service transport on a real nats-server, spoken to as any client does (Nest's packet
 * format): answers, validation errors, coded errors, streams and unknown patterns as Nest sends them.
 */
describe('the services RPC transport', () => {
  let nats: RunningServer;
  let app: INestMicroservice;
  let client: NatsConnection;
  const codec = JSONCodec<Record<string, unknown>>();

  beforeAll(async () => {
    nats = await startNats();
    const config = loadConfig({ NATS_URL: nats.url, LOG_LEVEL: 'silent', ...testIdentityKeys });
    app = await createService('registry', (): DynamicModule => ({ module: ProbeModule }), config);
    await app.listen();
    client = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await nats?.stop();
  });

  const call = async (subject: string, data: unknown, headers?: Record<string, string>) => {
    const id = randomUUID();
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers ?? {})) h.set(k, v);
    const reply = await client.request(subject, codec.encode({ pattern: subject, data, id }), { timeout: 5000, headers: headers ? h : undefined });
    return { id, packet: codec.decode(reply.data) };
  };

  it('answers a handler’s value in one packet with its id, in the request context of the signed caller', async () => {
    const { id, packet } = await call('probe.plain', { text: 'hello' }, await signedIdentityHeader('probe.plain', { actor: 'ana', role: 'secretariat' }));
    expect(packet).toEqual({ id, isDisposed: true, response: { echoed: 'hello', isDto: true, actor: 'ana' } });
  });

  it('answers an empty promise with a disposed packet and no response', async () => {
    const { id, packet } = await call('probe.nothing', {});
    expect(packet).toEqual({ id, isDisposed: true });
  });

  it('refuses invalid input with VALIDATION_FAILED naming the field, and an unknown property', async () => {
    const short = await call('probe.plain', { text: 'hi' });
    expect(short.packet).toMatchObject({ id: short.id, isDisposed: true, err: { code: RpcErrorCodes.VALIDATION_FAILED, fields: [{ field: 'text', reason: expect.stringContaining('text must be longer than or equal to 3') }] } });
    const extra = await call('probe.plain', { text: 'hello', admin: true });
    expect(extra.packet).toMatchObject({ err: { code: RpcErrorCodes.VALIDATION_FAILED, fields: [{ field: 'admin', reason: expect.stringContaining('should not exist') }] } });
    const missing = await call('probe.plain', {});
    expect(missing.packet).toMatchObject({ err: { code: RpcErrorCodes.VALIDATION_FAILED, fields: [{ field: 'text', reason: 'text is required' }] } });
  });

  it('answers a coded failure with its code and details, and an unexpected one as INTERNAL without its message', async () => {
    const refused = await call('probe.conflict', {});
    expect(refused.packet).toMatchObject({ id: refused.id, isDisposed: true, err: { code: RpcErrorCodes.CONFLICT, message: 'someone else got there first', details: { revision: 4 } } });
    const crashed = await call('probe.crash', {});
    expect(crashed.packet).toMatchObject({ id: crashed.id, isDisposed: true, err: { code: RpcErrorCodes.INTERNAL } });
    expect(JSON.stringify(crashed.packet)).not.toContain('secret internals');
  });

  it('sends an observable’s values as Nest does, the last one disposed', async () => {
    const id = randomUUID();
    const packets: Record<string, unknown>[] = [];
    const inbox = `_INBOX.${randomUUID()}`;
    const sub = client.subscribe(inbox);
    client.publish('probe.stream', codec.encode({ pattern: 'probe.stream', data: {}, id }), { reply: inbox });
    for await (const m of sub) {
      const packet = codec.decode(m.data);
      packets.push(packet);
      if (packet.isDisposed) break;
    }
    expect(packets).toEqual([
      { id, response: 1 },
      { id, response: 2 },
      { id, response: 3, isDisposed: true },
    ]);
  });

  it('gives each parameter its value through its pipes, one of them answering with a promise, and refuses input its pipes refuse', async () => {
    const { id, packet } = await call('probe.context', { text: 'hello' });
    expect(packet).toEqual({ id, isDisposed: true, response: { echoed: 'HELLO', isDto: true, subject: 'probe.context' } });
    const short = await call('probe.context', { text: 'hi' });
    expect(short.packet).toMatchObject({ id: short.id, isDisposed: true, err: { code: RpcErrorCodes.VALIDATION_FAILED, fields: [{ field: 'text' }] } });
  });

  it('runs a handler’s guards and interceptors as Nest does (a refusal coded as any failure)', async () => {
    const open = await call('probe.guarded', { text: 'open' });
    expect(open.packet).toEqual({ id: open.id, isDisposed: true, response: { wrapped: 'open' } });
    const shut = await call('probe.guarded', { text: 'shut' });
    expect(shut.packet).toMatchObject({ id: shut.id, isDisposed: true, err: { code: expect.any(String) } });
    expect(shut.packet).not.toHaveProperty('response');
  });

  it('refuses a forged identity UNAUTHENTICATED; unsigned, the same request is answered with no caller', async () => {
    const forged = await call('probe.plain', { text: 'hello' }, { 'x-identity': 'not-a-token' });
    expect(forged.packet).toMatchObject({ id: forged.id, isDisposed: true, err: { code: RpcErrorCodes.UNAUTHENTICATED } });
    const { id, packet } = await call('probe.plain', { text: 'hello' });
    expect(packet).toMatchObject({ id, response: { echoed: 'hello', actor: null } });
  });
});

/**
 * The request on the handler's Nest context (`requestOf`), for a service without an async context (the certification
 * service, ContextPropagation 'explicit'), and the same reading in a service with one.
 */
describe('the request a handler serves, from its Nest context', () => {
  let nats: RunningServer;
  let client: NatsConnection;
  const apps: INestMicroservice[] = [];
  const codec = JSONCodec<Record<string, unknown>>();

  beforeAll(async () => {
    nats = await startNats();
    client = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await client?.close();
    for (const app of apps) await app.close();
    await nats?.stop();
  });

  const serve = async (service: 'certification' | 'registry') => {
    const config = loadConfig({ NATS_URL: nats.url, LOG_LEVEL: 'silent', ...testIdentityKeys });
    const app = await createService(service, (): DynamicModule => ({ module: ProbeModule }), config);
    apps.push(app);
    await app.listen();
    return app;
  };
  const who = async (text: string, identity?: { actor: string; role: string; org?: string }, correlationId?: string) => {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(identity ? await signedIdentityHeader('probe.who', identity) : {})) h.set(k, v);
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    const reply = await client.request('probe.who', codec.encode({ pattern: 'probe.who', data: { text }, id: randomUUID() }), { timeout: 5000, headers: h });
    return codec.decode(reply.data).response as { text: string; request: Record<string, unknown>; current: Record<string, unknown> | null };
  };

  it('the certification service carries it explicitly: no async context, and each of many interleaved requests gets its own caller', async () => {
    expect(propagationOf('certification')).toBe('explicit');
    expect(propagationOf('registry')).toBe('async-local');
    const app = await serve('certification');
    try {
      const callers = Array.from({ length: 12 }, (_, i) => ({ actor: `actor-${i}`, role: i % 2 ? 'member' : 'secretariat', ...(i % 2 ? { org: `org-${i}` } : {}) }));
      // Answers come back out of order (each waits in proportion to its text), so a context shared between them would show.
      const answers = await Promise.all(callers.map((caller, i) => who('x'.repeat(12 - i + 3), caller, `corr-${i}`)));
      answers.forEach((answer, i) => {
        expect(answer.request).toEqual({ correlationId: `corr-${i}`, ...callers[i] });
        expect(answer.current).toBeNull();
      });
      // Unsigned: a request with no caller, and a correlation id made for it.
      const anonymous = await who('hello');
      expect(anonymous.request).toEqual({ correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(anonymous.current).toBeNull();
    } finally {
      await app.close();
      apps.splice(apps.indexOf(app), 1);
    }
  });

  it('a service with the async context reads the same request both ways', async () => {
    await serve('registry');
    const answer = await who('hello', { actor: 'ana', role: 'secretariat' }, 'corr-async');
    expect(answer.request).toEqual({ correlationId: 'corr-async', actor: 'ana', role: 'secretariat' });
    expect(answer.current).toEqual(answer.request);
  });
});

/** A service whose module provides the process's NATS connection (as ServiceCoreModule does) answers on it: one socket, not two. */
describe('the services RPC transport on the process connection', () => {
  it('answers on the connection the module provides, and leaves it open for the shutdown hooks when the server closes', async () => {
    const nats = await startNats();
    const processConnection = await connect({ servers: nats.url, name: 'process-connection' });
    const client = await connect({ servers: nats.url });
    @Module({ imports: [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } })], controllers: [ProbeController], providers: [{ provide: NATS_CONNECTION, useValue: processConnection }] })
    class SharingModule {}
    const config = loadConfig({ NATS_URL: nats.url, LOG_LEVEL: 'silent', ...testIdentityKeys });
    const app = await createService('registry', (): DynamicModule => ({ module: SharingModule }), config);
    try {
      await app.listen();
      await processConnection.flush(); // the server knows the subscriptions before the client asks
      const before = processConnection.stats().inMsgs;
      const id = randomUUID();
      const reply = await client.request('probe.plain', JSONCodec().encode({ pattern: 'probe.plain', data: { text: 'hello' }, id }), { timeout: 5000 });
      expect(JSONCodec<Record<string, unknown>>().decode(reply.data)).toMatchObject({ id, response: { echoed: 'hello' } });
      // The request came in on the process's connection.
      expect(processConnection.stats().inMsgs).toBe(before + 1);
      await app.close();
      expect(processConnection.isClosed()).toBe(false);
      // No longer answered: its subscriptions were drained.
      await expect(client.request('probe.plain', JSONCodec().encode({ pattern: 'probe.plain', data: { text: 'hello' }, id: randomUUID() }), { timeout: 1000 })).rejects.toThrow();
    } finally {
      await client.close();
      await processConnection.close();
      await nats.stop();
    }
  });
});
