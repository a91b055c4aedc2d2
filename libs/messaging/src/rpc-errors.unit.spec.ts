import { RpcErrorCodes } from '@banat/contracts';
import { ErrorCode, NatsError } from 'nats';
import { toRpcErrorBody } from './rpc-errors';

describe('toRpcErrorBody', () => {
  const named = (name: string) => Object.assign(new Error('connection timed out'), { name });

  it('answers a database or bus that cannot be reached as UNAVAILABLE (503), not as an internal error', () => {
    const outages = [
      named('MongoServerSelectionError'),
      named('MongoPoolClearedError'),
      NatsError.errorForCode(ErrorCode.NoResponders),
      NatsError.errorForCode(ErrorCode.Timeout),
      // What Nest's NATS client rejects a request with while it reconnects.
      'Error: Connection lost. Trying to reconnect...',
    ];
    for (const error of outages) {
      expect(toRpcErrorBody(error)).toEqual({ code: RpcErrorCodes.UNAVAILABLE, message: 'a database or the bus is not reachable; retry later' });
    }
  });

  it('keeps any other failure internal, without its message', () => {
    expect(toRpcErrorBody(named('MongoServerError'))).toEqual({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
    expect(toRpcErrorBody('Error: something else')).toEqual({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
  });
});
