import { RpcErrorCodes } from '@banat/contracts';
import { toRpcErrorBody } from './rpc-errors';

describe('toRpcErrorBody', () => {
  const named = (name: string) => Object.assign(new Error('connection timed out'), { name });

  it('answers a database that cannot be reached as UNAVAILABLE (503), not as an internal error', () => {
    for (const name of ['MongoServerSelectionError', 'MongoNetworkTimeoutError', 'MongoPoolClearedError']) {
      expect(toRpcErrorBody(named(name))).toEqual({ code: RpcErrorCodes.UNAVAILABLE, message: 'the database is not reachable; retry later' });
    }
  });

  it('keeps any other failure internal, without its message', () => {
    expect(toRpcErrorBody(named('MongoServerError'))).toEqual({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
  });
});
