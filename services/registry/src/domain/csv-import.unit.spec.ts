import { parseOrganisationsCsv } from './csv-import';
import { splitCsvRecords } from './csv-records';

const HEADER = 'name_ro,name_sr_cyrl,name_en,kind,country,region,legal_id_kind,legal_id,size,nace_codes,contact_name,email,phone,website';

const csv = (...rows: string[]): string => [HEADER, ...rows].join('\n');

describe('parseOrganisationsCsv', () => {
  it('reads valid rows into normalized organisations, numbered by file line', () => {
    const result = parseOrganisationsCsv(csv(
      'Banat Prod SRL,,Banat Prod,sme,RO,RO-TM,CUI,RO 18547290,micro,"10.71;10.72",Ana Pop,ana@banatprod.ro,+40 256 123 456,www.banatprod.ro',
      ',Млекара Зрењанин,,sme,RS,Srednjebanatski okrug,,104052135,small,10.51,,,,',
    ));
    expect(result).toEqual([
      {
        row: 2,
        ok: true,
        organisation: {
          kind: 'sme',
          name: { ro: 'Banat Prod SRL', en: 'Banat Prod' },
          country: 'RO',
          region: 'RO-TM',
          legalId: { kind: 'RO-CUI', value: '18547290' },
          sizeClass: 'micro',
          naceCodes: ['10.71', '10.72'],
          contacts: [{ name: 'Ana Pop', email: 'ana@banatprod.ro', phone: '+40 256 123 456' }],
          website: 'https://www.banatprod.ro/',
          products: [],
          memberIds: [],
        },
      },
      {
        row: 3,
        ok: true,
        organisation: expect.objectContaining({ name: { 'sr-Cyrl': 'Млекара Зрењанин' }, region: 'RS-02', legalId: { kind: 'RS-PIB', value: '104052135' }, contacts: [] }),
      },
    ]);
  });

  it('refuses invalid rows with their field errors and keeps the valid ones', () => {
    const result = parseOrganisationsCsv(csv(
      'Firma Unu,,,sme,RO,RO-XX,CUI,18547291,,40.11,,,,',
      'Firma Doi,,,sme,RO,RO-AR,CUI,1590082,,,,,,',
    ));
    expect(result).toEqual([
      {
        row: 2,
        ok: false,
        errors: [
          { field: 'region', reason: 'RO-XX is not a region of RO' },
          { field: 'legalId.value', reason: 'wrong check digit' },
          { field: 'naceCodes[0]', reason: '40.11 is not a NACE Rev.2 code (no division 40)' },
        ],
      },
      expect.objectContaining({ row: 3, ok: true }),
    ]);
  });

  it('reports a row with the wrong number of cells and goes on', () => {
    const result = parseOrganisationsCsv(csv('Firma Unu,,,sme,RO,RO-TM', 'Firma Doi,,,sme,RO,RO-AR,CUI,1590082,,,,,,'));
    expect(result).toEqual([
      { row: 2, ok: false, errors: [{ field: 'row', reason: 'has 6 cells, the header has 14' }] },
      expect.objectContaining({ row: 3, ok: true }),
    ]);
  });

  it('reports bad quoting in one row and goes on', () => {
    const result = parseOrganisationsCsv(csv(
      'Firma "Unu" SRL,,,sme,RO,RO-TM,CUI,18547290,,,,,,',
      'Firma Doi,,,sme,RO,RO-AR,CUI,1590082,,,,,,',
    ));
    expect(result[0]).toMatchObject({ row: 2, ok: false, errors: [{ field: 'row', reason: expect.stringMatching(/^bad quoting/) }] });
    expect(result[1]).toMatchObject({ row: 3, ok: true });
  });

  it('reports a quote never closed on its line only', () => {
    const result = parseOrganisationsCsv(csv(
      '"Firma Unu,,,sme,RO,RO-TM,CUI,18547290,,,,,,',
      'Firma Doi,,,sme,RO,RO-AR,CUI,1590082,,,,,,',
      'Firma Trei,,,sme,RO,RO-CS,CUI,5022670,,,,,,',
    ));
    expect(result).toEqual([
      { row: 2, ok: false, errors: [{ field: 'row', reason: 'a quoted field is not closed' }] },
      expect.objectContaining({ row: 3, ok: true }),
      expect.objectContaining({ row: 4, ok: true }),
    ]);
  });

  it('keeps a quoted line break inside a cell and numbers later rows by their line', () => {
    const result = parseOrganisationsCsv(csv(
      '"Firma\nUnu",,,sme,RO,RO-TM,CUI,18547290,,,,,,',
      'Firma Doi,,,sme,RO,RO-AR,CUI,1590082,,,,,,',
    ));
    expect(result).toEqual([
      expect.objectContaining({ row: 2, ok: true, organisation: expect.objectContaining({ name: { ro: 'Firma Unu' } }) }),
      expect.objectContaining({ row: 4, ok: true }),
    ]);
  });

  it('refuses a legal identifier repeated in the file, pointing at the first row', () => {
    const result = parseOrganisationsCsv([
      'name_hu,kind,country,region,legal_id',
      'MOL Nyrt.,sme,HU,HU-BU,10625790-4-44',
      'Richter,sme,HU,HU-BU,10484878-2-44',
      'MOL,sme,HU,HU-BU,HU10625790',
    ].join('\n'));
    expect(result.map((r) => r.ok)).toEqual([true, true, false]);
    expect(result[2]).toEqual({ row: 4, ok: false, errors: [{ field: 'legalId.value', reason: 'duplicate of row 2' }] });
  });

  it('reads semicolon-separated files with a byte order mark and CRLF line ends', () => {
    const result = parseOrganisationsCsv('\uFEFFName_RO;Kind;Country;Region;Legal ID;NACE codes\r\nFirma;SME;ro;Timiș;RO18547290;"10.71;C"\r\n');
    expect(result).toEqual([
      { row: 2, ok: true, organisation: expect.objectContaining({ kind: 'sme', country: 'RO', region: 'RO-TM', naceCodes: ['10.71', 'C'] }) },
    ]);
  });

  it('refuses a header with unknown or missing columns, before reading rows', () => {
    const result = parseOrganisationsCsv('name,kind,contry,legal_id\nFirma,sme,RO,18547290');
    expect(result).toEqual([
      {
        row: 1,
        ok: false,
        errors: [
          { field: 'header', reason: expect.stringMatching(/^unknown column\(s\): name, contry/) },
          { field: 'header', reason: 'missing column(s): country, region' },
          { field: 'header', reason: expect.stringMatching(/^no name column/) },
        ],
      },
    ]);
  });

  it('refuses an empty file', () => {
    expect(parseOrganisationsCsv(' \n')).toEqual([{ row: 1, ok: false, errors: [{ field: 'header', reason: 'the file is empty' }] }]);
  });
});

describe('splitCsvRecords', () => {
  it('skips blank lines and keeps escaped quotes inside a record', () => {
    expect(splitCsvRecords('a,b\n\n"x ""y""",z\n')).toEqual([
      { line: 1, text: 'a,b' },
      { line: 3, text: '"x ""y""",z' },
    ]);
  });
});
