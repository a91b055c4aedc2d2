import mongoose, { mongo, Schema } from 'mongoose';
import { castForInsert, freezeDeep } from './batch';
import { castFlat } from './flat-cast';
import { readModelPositionPlugin } from './read-model-schema';

type Doc = Record<string, unknown>;

/** What mongoose's bulkWrite would send for the document: cast, defaults, validated, `toBSON()`. */
function mongooseBytes(model: mongoose.Model<Doc>, doc: Doc): Buffer {
  const document = new model(doc);
  const invalid = document.validateSync();
  if (invalid) throw invalid;
  return Buffer.from(mongo.BSON.serialize(document.toBSON()));
}

/** Flat schemas as the certification read models are (String, Number, Mixed, [String]; constant defaults; `minimize` both ways). */
const files = mongoose.model<Doc>(
  'FlatCastFile',
  new Schema(
    {
      _id: String,
      state: { type: Schema.Types.Mixed, required: true },
      status: { type: String, index: true },
      expertIds: { type: [String], default: [], index: true },
      history: { type: Schema.Types.Mixed, default: [] },
      revision: Number,
    },
    { versionKey: false, minimize: false },
  ).plugin(readModelPositionPlugin),
);
const statistics = mongoose.model<Doc>(
  'FlatCastStatistics',
  new Schema({ _id: String, schemeId: String, holderName: Schema.Types.Mixed, granted: { type: Number, default: 0 }, refused: { type: Number, default: 0 } }, { versionKey: false }).plugin(readModelPositionPlugin),
);

describe('castFlat: a flat read model cast without mongoose, to the bytes mongoose gives', () => {
  const cases: Array<[mongoose.Model<Doc>, Doc]> = [
    // Fields in another order than the schema's, defaults missing, nested Mixed data, null where allowed.
    [files, { _id: 'app-1', _position: 12, revision: 3, history: [{ type: 'Submitted', at: '2026-01-01' }], state: { experts: [{ id: 'e', scores: [1, 2.5, -0] }], empty: {}, none: null }, status: 'submitted' }],
    [files, { _id: 'app-2', state: '', expertIds: ['e1', 'e2'], status: null, _position: 2 ** 40 + 3 }],
    [statistics, { _id: 'made-in-banat|RO|RO-TM', _position: 7, refused: 2, schemeId: 'made-in-banat', holderName: { ro: 'Pekara', sr: 'Пекара' } }],
    [statistics, { _id: 's', granted: 1.5, holderName: [{ ro: 'x' }, 'x', true] }],
  ];

  it.each(cases.map(([model, doc], i) => [i, model, doc] as const))('case %i: the same bytes as mongoose, and made without it', (_i, model, doc) => {
    const frozen = freezeDeep(structuredClone(doc));
    expect(castFlat(model, frozen)).toBeDefined();
    expect(Buffer.from(mongo.BSON.serialize(castForInsert(model, frozen))).toString('hex')).toBe(mongooseBytes(model, doc).toString('hex'));
  });

  it('gives the bytes mongoose gives for documents of any subset of fields, in any order', () => {
    // A small deterministic generator (no randomness between runs).
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const values: Record<string, unknown[]> = {
      state: [{ a: 1 }, '', [1, { b: null }]],
      status: ['granted', null],
      expertIds: [[], ['e1']],
      history: [[{ type: 'x' }], []],
      revision: [0, 2.5],
      _position: [1, 2 ** 40],
      schemeId: ['made-in-banat', null],
      holderName: [{ ro: 'Pekara' }, 'Pekara', null],
      granted: [0, 3],
      refused: [1],
    };
    for (const model of [files, statistics]) {
      const fields = Object.keys(model.schema.paths).filter((f) => f !== '_id');
      for (let i = 0; i < 200; i++) {
        const chosen = fields.filter((f) => f === 'state' || next(2) === 0).sort(() => next(3) - 1);
        const doc: Doc = { _id: `d${i}` };
        for (const f of chosen) doc[f] = values[f]![next(values[f]!.length)];
        expect(castFlat(model, doc)).toBeDefined();
        expect(Buffer.from(mongo.BSON.serialize(castForInsert(model, doc))).toString('hex')).toBe(mongooseBytes(model, doc).toString('hex'));
      }
    }
  });

  it('leaves to mongoose every document it would change otherwise, with the same bytes or the same refusal', () => {
    const toMongoose: Array<[mongoose.Model<Doc>, Doc]> = [
      [files, { _id: 'a', state: {}, revision: '3' }], // a number to cast from text
      [files, { _id: 'a', state: {}, unknown: 1 }], // a field the schema drops
      [files, { _id: 'a', state: {}, revision: undefined, history: undefined }], // fields left undefined
      [files, { _id: 'a', state: {}, expertIds: [1] }], // items to cast
      [files, { _id: 'a', state: { at: new Date(0) } }], // not plain data
      [statistics, { _id: 'a', holderName: { ro: {} } }], // an empty object minimize drops
      [statistics, { _id: 'a', holderName: {} }],
      [statistics, { _id: 'a', granted: Number.NaN }],
    ];
    for (const [model, doc] of toMongoose) {
      expect(castFlat(model, doc)).toBeUndefined();
      let expected: string | Error;
      try {
        expected = mongooseBytes(model, doc).toString('hex');
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) expect(() => castForInsert(model, doc)).toThrow(expected.message);
      else expect(Buffer.from(mongo.BSON.serialize(castForInsert(model, doc))).toString('hex')).toBe(expected);
    }
    // A required field missing is refused, as mongoose refuses it.
    expect(castFlat(files, { _id: 'a' })).toBeUndefined();
    expect(() => castForInsert(files, { _id: 'a' })).toThrow(/state/);
  });

  it('casts no document of a schema that is not flat (setters, validators, function defaults, version key, nested paths)', () => {
    const schemas = [
      new Schema({ _id: String, name: { type: String, trim: true } }, { versionKey: false }),
      new Schema({ _id: String, status: { type: String, enum: ['a'] } }, { versionKey: false }),
      new Schema({ _id: String, at: { type: Number, default: () => Date.now() } }, { versionKey: false }),
      new Schema({ _id: String, name: String }),
      new Schema({ _id: String, holder: { name: String } }, { versionKey: false }),
    ];
    schemas.forEach((schema, i) => expect(castFlat(mongoose.model<Doc>(`FlatCastNot${i}`, schema), { _id: 'a' })).toBeUndefined());
  });
});
