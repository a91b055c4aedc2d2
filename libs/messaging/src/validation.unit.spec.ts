import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { CertificateStatusChangeDto, GetOrganisationDto, RecordFindingDto, RegisterOrganisationDto, RenewCertificateDto, SearchBoothsDto, SearchOrganisationsDto, SearchProductsDto } from '@banat/contracts';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Transform, Type } from 'class-transformer';
import { RpcFailure, validationFailed } from './rpc-errors';
import { fieldErrors, FieldValidationPipe, MAX_INPUT_DEPTH, rpcValidationPipe, unsafeInput, validationOptions } from './validation';

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

describe('a value of the wrong type is reported by its type only', () => {
  class Part {
    @IsString() @MaxLength(5) label!: string;
  }
  class Probe {
    @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
    @IsOptional() @IsInt() @Min(1) @Max(45) niceClass?: number;
    @IsOptional() @IsArray() @ArrayMaxSize(2) @IsString({ each: true }) tags?: string[];
    @IsOptional() @IsString() @Matches(/^[A-Z]{2}$/) country?: string;
    @IsOptional() @ValidateNested() @Type(() => Part) part?: Part;
  }
  const fieldsOf = async (body: unknown) =>
    Promise.resolve(rpcValidationPipe().transform(body, { type: 'body', metatype: Probe })).then(() => [], (error: RpcFailure) => error.body.fields);

  it.each([
    [{ title: { en: 'x' } }, 'title', 'title must be a string'],
    [{ title: ['x'] }, 'title', 'title must be a string'],
    [{ title: 7 }, 'title', 'title must be a string'],
    [{ title: 'ok', niceClass: 'x'.repeat(50) }, 'niceClass', 'niceClass must be an integer number'],
    [{ title: 'ok', country: 12 }, 'country', 'country must be a string'],
    [{ title: 'ok', tags: 'abc' }, 'tags', 'tags must be an array'],
    [{ title: 'ok', part: { label: 123456 } }, 'part.label', 'label must be a string'],
  ])('%j: only the type error for the field', async (body, field, reason) => {
    expect(await fieldsOf(body)).toEqual([{ field, reason }]);
  });

  it('a value of the right type keeps all its reasons, joined, and every field keeps its own', async () => {
    expect(await fieldsOf({ title: '', niceClass: 46, country: 'ro' })).toEqual([
      { field: 'title', reason: 'title should not be empty' },
      { field: 'niceClass', reason: 'niceClass must not be greater than 45' },
      { field: 'country', reason: expect.stringContaining('country must match') },
    ]);
    expect(await fieldsOf({ title: 'x'.repeat(201), tags: ['a', 'b', 'c'] })).toEqual([
      { field: 'title', reason: 'title must be shorter than or equal to 200 characters' },
      { field: 'tags', reason: 'tags must contain no more than 2 elements' },
    ]);
    expect(await fieldsOf({ title: { en: 'x' }, niceClass: 0 })).toEqual([
      { field: 'title', reason: 'title must be a string' },
      { field: 'niceClass', reason: 'niceClass must not be less than 1' },
    ]);
  });

  it('fieldErrors keeps a field whose only reasons are not about its type as they were', () => {
    expect(fieldErrors([{ property: 'title', children: [], constraints: { maxLength: 'too long', isNotEmpty: 'empty' } }])).toEqual([{ field: 'title', reason: 'too long; empty' }]);
    expect(fieldErrors([{ property: 'title', children: [], constraints: { maxLength: 'too long', isString: 'not a string' } }])).toEqual([{ field: 'title', reason: 'not a string' }]);
  });
});

describe('validation metadata looked up once per class', () => {
  const fieldsOf = async (metatype: new () => object, body: unknown) =>
    Promise.resolve(rpcValidationPipe().transform(body, { type: 'body', metatype }))
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

/** An HTTP query string as Fastify's parser (fast-querystring) makes it: its prototype an empty object without one. */
function QueryString() {}
QueryString.prototype = Object.create(null) as object;
const query = (fields: Record<string, string>): object => Object.assign(new (QueryString as unknown as new () => object)(), fields);
/** As Node's querystring makes it: no prototype. */
const bare = (fields: Record<string, string>): object => Object.assign(Object.create(null) as object, fields);

/** @Transform functions of every kind a class may have: one returning undefined or an object, one for a group only. */
class Transformed {
  @IsOptional() @Transform(({ value }) => (value === 'drop' ? undefined : value === 'object' ? { value } : `${String(value)}!`)) @IsString() @MaxLength(3) tag?: string;
}
class Grouped {
  @IsOptional() @Transform(({ value }) => `${String(value)}?`, { groups: ['admin'] }) @IsString() tag?: string;
}

describe('the fast path for valid input of flat classes', () => {
  // The whole way, as it was: the same pipe with options the fast path does not take (transformOptions {} are class-transformer's defaults).
  const whole = () => new FieldValidationPipe({ ...validationOptions, transformOptions: {}, exceptionFactory: (errors) => validationFailed(fieldErrors(errors)) });
  const outcome = (pipe: FieldValidationPipe, metatype: new () => object, body: unknown) =>
    Promise.resolve(pipe.transform(body, { type: 'body', metatype })).then(
      (value) => ({ value, type: (value as object)?.constructor }),
      (error: RpcFailure) => ({ error: error.body }),
    );
  const cases: [new () => object, unknown][] = [
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'labels fine' }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'complaint', severity: 'major', summary: 'x', findingId: 'f-1', commandId: 'c-1', expectedRevision: 4 }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', expectedRevision: '4' }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', expectedRevision: -2 }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', expectedRevision: 1.5 }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', commandId: null }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'visit', severity: 'observation', summary: 'x' }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: '' }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x'.repeat(4001) }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: '😀'.repeat(2100) }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 7 }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', admin: true }],
    [RecordFindingDto, { certificateNumber: 'nope', source: 'surveillance', severity: 'observation', summary: 'x' }],
    [RecordFindingDto, { source: 'surveillance', severity: 'observation', summary: 'x' }],
    [RecordFindingDto, JSON.parse('{"certificateNumber":"MIB-2026-000001","source":"surveillance","severity":"observation","summary":"x","__proto__":{"admin":true}}')],
    [RecordFindingDto, {}],
    [RecordFindingDto, null],
    [RecordFindingDto, ['MIB-2026-000001']],
    [RecordFindingDto, 'MIB-2026-000001'],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: ['x'] }],
    [RecordFindingDto, { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: { toString: 'x' } }],
    [CertificateStatusChangeDto, { certificateNumber: 'MIB-2026-000001', reason: 'raw materials from outside the region' }],
    [CertificateStatusChangeDto, { certificateNumber: 'MIB-2026-000001', reason: 'x'.repeat(2001) }],
    [RenewCertificateDto, { certificateNumber: 'MIB-2026-000001', renewalApplicationId: 'app-1', reason: 'renewed' }],
    [GetOrganisationDto, { id: 'org-ro-cofetaria-timis' }],
    [GetOrganisationDto, { id: '0b5f3c1e-8d2a-4c6e-9f1a-2b3c4d5e6f70' }],
    [GetOrganisationDto, { id: '' }],
    [GetOrganisationDto, { id: 'org-1', extra: 1 }],
    // An HTTP query string as Fastify parses it: an object without a prototype.
    [SearchOrganisationsDto, query({ q: 'brutaria' })],
    [SearchOrganisationsDto, query({ q: 'pekara pancevo', kind: 'sme', country: 'RS', sort: '-name', includeInactive: 'true' })],
    [SearchOrganisationsDto, query({ q: 'brutaria', page: '2' })],
    [SearchOrganisationsDto, query({ q: 'x'.repeat(101) })],
    [SearchOrganisationsDto, query({ q: 'brutaria', admin: 'true' })],
    [SearchOrganisationsDto, query({ kind: 'castle' })],
    [GetOrganisationDto, query({ id: 'org-1' })],
    [SearchOrganisationsDto, bare({ q: 'brutaria', sort: 'name' })],
    [SearchOrganisationsDto, bare({ q: 'brutaria', pageSize: '500' })],
    // @Type(() => Number) and @Transform: converted as class-transformer converts them, then judged.
    [SearchBoothsDto, query({ q: 'brutaria', pageSize: '1' })],
    [SearchBoothsDto, query({ q: 'pekara', country: 'RS', niceClass: '30', brandHolder: 'true', page: '3', pageSize: '100' })],
    [SearchBoothsDto, query({ brandHolder: 'false' })],
    [SearchBoothsDto, query({ brandHolder: 'yes' })],
    [SearchBoothsDto, query({ brandHolder: '' })],
    [SearchBoothsDto, query({ niceClass: '0' })],
    [SearchBoothsDto, query({ niceClass: '3.5' })],
    [SearchBoothsDto, query({ niceClass: 'abc' })],
    [SearchBoothsDto, query({ page: '' })],
    [SearchBoothsDto, query({ pageSize: ' 7 ' })],
    [SearchBoothsDto, query({ pageSize: '1e2' })],
    [SearchBoothsDto, query({ pageSize: '0x10' })],
    [SearchBoothsDto, bare({ q: 'Пекара', pageSize: '101' })],
    // Over the bus: already numbers and booleans.
    [SearchBoothsDto, { q: 'brutaria', pageSize: 1, brandHolder: true, niceClass: 30 }],
    [SearchBoothsDto, { q: 'brutaria', brandHolder: 1 }],
    [SearchBoothsDto, { q: 'brutaria', pageSize: true }],
    [SearchBoothsDto, { q: 'brutaria', pageSize: null }],
    [SearchBoothsDto, { q: 'brutaria', brandHolder: null }],
    [SearchProductsDto, query({ q: 'medara vrsac', pageSize: '5' })],
    [SearchProductsDto, query({ q: 'medara', page: '0' })],
    [Transformed, { tag: 'a' }],
    [Transformed, { tag: 'drop' }],
    [Transformed, { tag: 'object' }],
    [Grouped, { tag: 'a' }],
    // A prototype with something on it is not a dictionary: the whole way.
    [SearchOrganisationsDto, Object.assign(Object.create({ q: 'inherited' }) as object, { sort: 'name' })],
    // Not flat (nested classes): always the whole way.
    [RegisterOrganisationDto, { kind: 'sme', country: 'RO', region: 'RO-TM', name: { en: 'x' }, legalId: { kind: 'RO-CUI', value: 'RO18547290' } }],
  ];

  it.each(cases.map((c, i) => [i, ...c] as const))('case %i: the same instance or the same errors as the whole way', async (_i, metatype, body) => {
    // The same kind of object to both (structuredClone gives a plain one).
    const prototype = body !== null && typeof body === 'object' ? (Object.getPrototypeOf(body) as object | null) : Object.prototype;
    const copy = prototype === Object.prototype || Array.isArray(body) ? structuredClone(body) : Object.assign(Object.create(prototype) as object, body);
    const fast = await outcome(rpcValidationPipe(), metatype, body);
    expect(fast).toStrictEqual(await outcome(whole(), metatype, copy));
  });

  it('a value the pipe leaves as it is (a @Ctx() context, an untyped or primitive parameter) comes back at once, as the whole way gives it', async () => {
    const whole = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const pipe = rpcValidationPipe();
      const ctx = new NatsContext(['banat.rpc.certification.recordFinding', undefined]);
      const left: [unknown, ArgumentMetadata][] = [
        [ctx, { type: 'custom', metatype: NatsContext }],
        [{ any: 'thing' }, { type: 'body', metatype: Object }],
        [{ any: 'thing' }, { type: 'body', metatype: undefined }],
        ['42', { type: 'body', metatype: String }],
        ['42', { type: 'param', metatype: String }],
      ];
      for (const [value, metadata] of left) {
        const answer: unknown = pipe.transform(value, metadata);
        expect(answer).not.toBeInstanceOf(Promise);
        expect(answer).toBe(value);
      }
      expect(whole).not.toHaveBeenCalled();
      // What the whole way (ValidationPipe's own transform, on the same pipe) answers for each: the same value.
      for (const [value, metadata] of left) await expect(ValidationPipe.prototype.transform.call(pipe, value, metadata)).resolves.toBe(value);
      // A named param or query value may be converted (transformPrimitive): left to the whole way, which converts it.
      const converted: unknown = pipe.transform('42', { type: 'param', metatype: Number, data: 'id' });
      expect(converted).toBeInstanceOf(Promise);
      await expect(converted).resolves.toBe(42);
    } finally {
      whole.mockRestore();
    }
  });

  it('valid input of a flat class does not take the whole way; anything else does', async () => {
    const whole = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const pipe = rpcValidationPipe();
      // Answered at once, not as a promise; the whole way answers with one.
      const valid: unknown = pipe.transform({ certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', expectedRevision: 0 }, { type: 'body', metatype: RecordFindingDto });
      expect(valid).toBeInstanceOf(RecordFindingDto);
      expect(whole).not.toHaveBeenCalled();
      // A string under @Type(() => Number) is converted at once, as class-transformer converts it.
      expect(pipe.transform({ certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x', expectedRevision: '0' }, { type: 'body', metatype: RecordFindingDto })).toMatchObject({ expectedRevision: 0 });
      // A valid query string (no prototype) takes the fast path too, @Transform included.
      expect(pipe.transform(query({ q: 'brutaria', sort: 'name' }), { type: 'query', metatype: SearchOrganisationsDto })).toBeInstanceOf(SearchOrganisationsDto);
      expect(pipe.transform(bare({ q: 'brutaria' }), { type: 'query', metatype: SearchOrganisationsDto })).toBeInstanceOf(SearchOrganisationsDto);
      const booths: unknown = pipe.transform(query({ q: 'brutaria', brandHolder: 'false', pageSize: '1' }), { type: 'query', metatype: SearchBoothsDto });
      expect(booths).toBeInstanceOf(SearchBoothsDto);
      expect(booths).toEqual(Object.assign(new SearchBoothsDto(), { q: 'brutaria', brandHolder: false, pageSize: 1 }));
      expect(whole).not.toHaveBeenCalled();
      // A transform that makes an object, a transform for a group, a converted value a validator refuses: the whole way.
      await expect(pipe.transform({ tag: 'object' }, { type: 'body', metatype: Transformed })).rejects.toBeInstanceOf(RpcFailure);
      await expect(pipe.transform({ tag: 'a' }, { type: 'body', metatype: Grouped })).resolves.toEqual(Object.assign(new Grouped(), { tag: 'a' }));
      expect(whole).toHaveBeenCalledTimes(2);
      const refused: unknown = pipe.transform(query({ pageSize: '0' }), { type: 'query', metatype: SearchBoothsDto });
      expect(refused).toBeInstanceOf(Promise);
      await expect(refused).rejects.toBeInstanceOf(RpcFailure);
      expect(whole).toHaveBeenCalledTimes(3);
    } finally {
      whole.mockRestore();
    }
  });
});

describe('input no validator looks at: control characters, lone surrogates, deep nesting', () => {
  const pipe = rpcValidationPipe();
  const refusal = (value: unknown, metadata: ArgumentMetadata) =>
    Promise.resolve(pipe.transform(value, metadata)).then(
      () => undefined,
      (error: RpcFailure) => error.body,
    );
  const finding = { certificateNumber: 'MIB-2026-000001', source: 'surveillance', severity: 'observation', summary: 'x' };

  it('a NUL or another C0 control in a flat command is refused with its field, at once or the whole way', async () => {
    expect(await refusal({ ...finding, summary: 'plum\u0000brandy' }, { type: 'body', metatype: RecordFindingDto })).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      fields: [{ field: 'summary', reason: 'summary must not contain control characters (U+0000 at position 4)' }],
    });
    expect((await refusal({ ...finding, summary: 'a\u001bb', expectedRevision: '0' }, { type: 'body', metatype: RecordFindingDto }))?.fields).toEqual([
      { field: 'summary', reason: 'summary must not contain control characters (U+001B at position 1)' },
    ]);
  });

  it('tab, line feed and carriage return, and every script, are text like any other', async () => {
    for (const summary of ['line one\nline two\r\n\tindented', 'Ђорђе Šešelj Őrség 🍑']) {
      await expect(Promise.resolve(pipe.transform({ ...finding, summary }, { type: 'body', metatype: RecordFindingDto }))).resolves.toMatchObject({ summary });
    }
  });

  it('nested text, keys and lone surrogates are named by their path', async () => {
    const body = { kind: 'sme', country: 'RO', region: 'RO-TM', name: { ro: 'Brutăria\u0000', en: 'ok' }, legalId: { kind: 'RO-CUI', value: 'RO18547290' }, products: [{ name: 'x\ud800y' }] };
    expect((await refusal(body, { type: 'body', metatype: RegisterOrganisationDto }))?.fields).toEqual([
      { field: 'name.ro', reason: 'name.ro must not contain control characters (U+0000 at position 8)' },
      { field: 'products[0].name', reason: 'products[0].name must be well-formed Unicode text (a lone surrogate, U+D800, at position 1)' },
    ]);
    expect((await refusal({ ...body, name: { 'r\u0000o': 'x' }, products: undefined }, { type: 'body', metatype: RegisterOrganisationDto }))?.fields).toEqual([
      { field: 'name', reason: 'a key of name must not contain control characters (U+0000 at position 1)' },
    ]);
    // A surrogate pair (an emoji) is text; its halves alone are not.
    expect(unsafeInput('🍑')).toEqual([]);
    expect(unsafeInput('\udc00🍑')).toEqual([{ field: '', reason: 'the value must be well-formed Unicode text (a lone surrogate, U+DC00, at position 0)' }]);
  });

  it('a string parameter (a path or query value) is checked too', async () => {
    expect((await refusal('MIB\u0000', { type: 'param', metatype: String, data: 'number' }))?.fields).toEqual([
      { field: 'number', reason: 'number must not contain control characters (U+0000 at position 3)' },
    ]);
  });

  it('nesting deeper than the limit is refused without walking it recursively (3,000 levels used to overflow the stack)', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 3000; i++) deep = [deep];
    expect((await refusal({ ...finding, summary: deep }, { type: 'body', metatype: RecordFindingDto }))?.fields).toEqual([
      { field: `summary${'[0]'.repeat(MAX_INPUT_DEPTH - 1)}`, reason: `summary${'[0]'.repeat(MAX_INPUT_DEPTH - 1)} is nested deeper than ${MAX_INPUT_DEPTH} levels` },
    ]);
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) fine = { a: fine };
    expect(unsafeInput(fine)).toEqual([]);
  });

  it("names Object.prototype's own (constructor, toString, valueOf, hasOwnProperty) as unknown properties", async () => {
    for (const key of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__']) {
      const body = JSON.parse(`{"certificateNumber":"MIB-2026-000001","source":"surveillance","severity":"observation","summary":"x","${key}":{"prototype":{"x":1}}}`) as object;
      expect((await refusal(body, { type: 'body', metatype: RecordFindingDto }))?.fields).toEqual([{ field: key, reason: `property ${key} should not exist` }]);
    }
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });
});
