import { RegisterOrganisationDto } from '@banat/contracts';
import { RpcFailure } from './rpc-errors';
import { rpcValidationPipe } from './validation';

async function failures(body: unknown) {
  try {
    await rpcValidationPipe().transform(body, { type: 'body', metatype: RegisterOrganisationDto });
  } catch (error) {
    return (error as RpcFailure).body.fields;
  }
  throw new Error('no validation failure');
}

describe('validation errors name what the caller got wrong', () => {
  it('every missing required field at once, each once, as missing (a missing nested object included)', async () => {
    expect(await failures({ kind: 'sme', country: 'RO' })).toEqual([
      { field: 'name', reason: 'name is required' },
      { field: 'region', reason: 'region is required' },
      { field: 'legalId', reason: 'legalId is required' },
    ]);
  });

  it('a missing field inside a nested object is named by its path', async () => {
    const fields = await failures({ kind: 'sme', country: 'RO', region: 'RO-TM', name: { en: 'x' }, legalId: { value: 'RO18547290' } });
    expect(fields).toEqual([{ field: 'legalId.kind', reason: 'legalId.kind is required' }]);
  });

  it('a wrong value keeps its reasons, in one entry for the field', async () => {
    const fields = await failures({ kind: 'sme', country: 'RO', region: 7, name: { en: 'x' }, legalId: { kind: 'RO-CUI', value: 'RO18547290' } });
    expect(fields).toEqual([{ field: 'region', reason: expect.stringContaining('region must be') }]);
  });
});
