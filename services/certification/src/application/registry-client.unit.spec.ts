import type { ClientProxy } from '@nestjs/microservices';
import { Observable, of, throwError } from 'rxjs';
import { RpcErrorCodes } from '@banat/contracts';
import type { PlatformConfig } from '@banat/messaging';
import { RegistryClient } from './registry-client';

/** The registry asked for an expert's organisation: known, unknown, or no answer (an outage, never "unknown"). */
describe('RegistryClient.expertOrganisation', () => {
  const request = { correlationId: 'corr-1' };
  const clientAnswering = (answer: () => Observable<unknown>) =>
    new RegistryClient({ send: answer } as unknown as ClientProxy, { RPC_TIMEOUT_MS: 50 } as PlatformConfig);
  const id = '0f8d7c6b-5a49-4e3d-9c2b-1a0f9e8d7c6b';

  it('an organisation the registry answers with is registered', async () => {
    const client = clientAnswering(() => of({ id, country: 'RO', region: 'RO-TM', active: true, kind: 'research-education' }));
    await expect(client.expertOrganisation(id, request)).resolves.toEqual({ organisationId: id, registered: true, active: true });
  });

  it('one the registry answers with as deactivated is registered, not active, with the day it was deactivated', async () => {
    const at = '2026-03-01T08:00:00.000Z';
    const client = clientAnswering(() => of({ id, country: 'RO', region: 'RO-TM', active: false, deactivation: { reason: 'closed', at }, kind: 'research-education' }));
    await expect(client.expertOrganisation(id, request)).resolves.toEqual({ organisationId: id, registered: true, active: false, deactivatedAt: at });
  });

  it('one the registry answers NOT_FOUND for is not registered (for the decider to refuse)', async () => {
    const client = clientAnswering(() => throwError(() => ({ code: RpcErrorCodes.NOT_FOUND, message: `organisation ${id} not found` })));
    await expect(client.expertOrganisation(id, request)).resolves.toEqual({ organisationId: id, registered: false, active: false });
  });

  it.each([
    ['no answer in time', () => new Observable<never>(() => undefined)],
    ['a failure of the registry', () => throwError(() => ({ code: RpcErrorCodes.INTERNAL, message: 'internal error' }))],
    ['the bus down', () => throwError(() => new Error('CONNECTION_REFUSED'))],
  ])('%s is UNAVAILABLE (503) naming the registry, not "unknown"', async (_case, answer) => {
    const failure = await clientAnswering(answer).expertOrganisation(id, request).catch((e: unknown) => e);
    expect(failure).toMatchObject({ body: { code: RpcErrorCodes.UNAVAILABLE, message: expect.stringContaining(`the expert's organisation ${id}`), details: { service: 'registry' } } });
  });
});
