import { Logger, type ArgumentsHost } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import { RequestNatsContext } from './nats-server';
import { CodedRpcExceptionFilter } from './rpc-exception.filter';
import { RpcFailure } from './rpc-errors';

/** An RPC call's arguments as Nest hands them to a filter: the payload, then the handler's context. */
const rpcHost = (ctx: unknown): ArgumentsHost =>
  ({ getType: () => 'rpc', switchToRpc: () => ({ getContext: () => ctx, getData: () => ({}) }) }) as unknown as ArgumentsHost;

describe('the RPC exception filter', () => {
  let logged: unknown[][];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    logged = [];
    spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => spy.mockRestore());

  it('logs an unexpected failure with the correlation id of the request on its Nest context (a service without an async context has no other)', async () => {
    const ctx = new RequestNatsContext(['banat.rpc.certification.recordFinding', undefined], { correlationId: 'corr-42', actor: 'ana', role: 'secretariat' });
    await expect(lastValueFrom(new CodedRpcExceptionFilter().catch(new Error('secret internals'), rpcHost(ctx)))).rejects.toMatchObject({ code: RpcErrorCodes.INTERNAL });
    expect(logged).toEqual([[{ correlationId: 'corr-42', msg: expect.stringContaining('secret internals') }]]);
  });

  it('logs it as before for a context without a request, and a coded failure not at all', async () => {
    await expect(lastValueFrom(new CodedRpcExceptionFilter().catch(new Error('boom'), rpcHost(new NatsContext(['s', undefined]))))).rejects.toMatchObject({ code: RpcErrorCodes.INTERNAL });
    expect(logged).toEqual([[expect.stringContaining('boom')]]);
    await expect(lastValueFrom(new CodedRpcExceptionFilter().catch(new RpcFailure({ code: RpcErrorCodes.CONFLICT, message: 'taken' }), rpcHost(undefined)))).rejects.toMatchObject({ code: RpcErrorCodes.CONFLICT });
    expect(logged).toHaveLength(1);
  });
});
