import { RpcErrorCodes } from '@banat/contracts';
import { ErrorCode, NatsError } from 'nats';
import { conflict, forbidden, notFound, RpcFailure, toRpcErrorBody, unauthenticated } from './rpc-errors';

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

  it('answers a domain refusal (an error with a rule) as RULE_VIOLATED with its rule, message and details, when it has any', () => {
    class TooManyOpenListings extends Error {
      readonly rule = 'TooManyOpenListings';
      constructor(readonly details: Record<string, unknown> = {}) {
        super('an organisation keeps at most 50 listings open');
      }
    }
    expect(toRpcErrorBody(new TooManyOpenListings({ organisationId: 'org-1', max: 50 }))).toEqual({
      code: RpcErrorCodes.RULE_VIOLATED,
      rule: 'TooManyOpenListings',
      message: 'an organisation keeps at most 50 listings open',
      details: { organisationId: 'org-1', max: 50 },
    });
    expect(toRpcErrorBody(new TooManyOpenListings())).not.toHaveProperty('details');
  });

  it('keeps any other failure internal, without its message', () => {
    expect(toRpcErrorBody(named('MongoServerError'))).toEqual({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
    expect(toRpcErrorBody('Error: something else')).toEqual({ code: RpcErrorCodes.INTERNAL, message: 'internal error' });
  });
});

describe('the refusal helpers', () => {
  it('answer with the codes the gateway maps to 401, 403, 404 and 409, with the message as given', () => {
    expect(unauthenticated('sign in first').body).toEqual({ code: RpcErrorCodes.UNAUTHENTICATED, message: 'sign in first' });
    expect(forbidden('only the secretariat').body).toEqual({ code: RpcErrorCodes.FORBIDDEN, message: 'only the secretariat' });
    expect(notFound('organisation').body).toEqual({ code: RpcErrorCodes.NOT_FOUND, message: 'organisation not found' });
    expect(conflict('already registered').body).toMatchObject({ code: RpcErrorCodes.CONFLICT, message: 'already registered' });
  });

  it('name the rule of a refusal only when one is given', () => {
    expect(forbidden('not your booth', 'OwnOrganisationOnly').body).toEqual({ code: RpcErrorCodes.FORBIDDEN, rule: 'OwnOrganisationOnly', message: 'not your booth' });
    expect(forbidden('not yours').body).not.toHaveProperty('rule');
  });

  it('cross the bus as they were thrown', () => {
    const refusal = forbidden('only the secretariat');
    expect(refusal).toBeInstanceOf(RpcFailure);
    expect(toRpcErrorBody(refusal)).toBe(refusal.body);
    expect(toRpcErrorBody(unauthenticated('sign in first'))).toEqual({ code: RpcErrorCodes.UNAUTHENTICATED, message: 'sign in first' });
  });
});
