import { RegisterOrganisationDto } from '@banat/contracts';
import { IsInt, IsString } from 'class-validator';
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

describe('validation metadata looked up once per class', () => {
  const fieldsOf = async (metatype: new () => object, body: unknown) =>
    rpcValidationPipe()
      .transform(body, { type: 'body', metatype })
      .then(() => [], (error: RpcFailure) => error.body.fields);

  it('gives the same errors on every call, and a rule registered later counts from then on', async () => {
    class Probe {
      @IsString() name!: string;
    }
    for (let i = 0; i < 3; i++) expect(await fieldsOf(Probe, { name: 7 })).toEqual([{ field: 'name', reason: 'name must be a string' }]);
    expect(await fieldsOf(Probe, { name: 'ok' })).toEqual([]);
    IsInt()(Probe.prototype, 'size'); // a decorator run after the class was validated (a class loaded late)
    expect(await fieldsOf(Probe, { name: 'ok', size: 'big' })).toEqual([{ field: 'size', reason: 'size must be an integer number' }]);
    expect(await fieldsOf(Probe, { name: 'ok', size: 2, extra: 1 })).toEqual([{ field: 'extra', reason: 'property extra should not exist' }]);
  });
});
