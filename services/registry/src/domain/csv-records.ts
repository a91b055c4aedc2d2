/**
 * Splits CSV text into its records, quote-aware (a quoted field may hold line breaks), so that
 * each record can be parsed and judged on its own. A quote left open to the end of the file
 * marks only the line it starts on as broken; splitting resumes on the next line.
 */

export interface CsvRecordText {
  /** Line of the file the record starts on, from 1. */
  line: number;
  text: string;
  broken?: string;
}

const quotes = (s: string): number => s.split('"').length - 1;

export function splitCsvRecords(csv: string): CsvRecordText[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const records: CsvRecordText[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i;
    let text = lines[i];
    let count = quotes(text);
    while (count % 2 === 1 && i + 1 < lines.length) {
      i += 1;
      text += `\n${lines[i]}`;
      count += quotes(lines[i]);
    }
    if (count % 2 === 1) {
      records.push({ line: start + 1, text: lines[start], broken: 'a quoted field is not closed' });
      i = start + 1;
      continue;
    }
    if (text.trim() !== '') records.push({ line: start + 1, text });
    i += 1;
  }
  return records;
}

/** `;` when the header line has more semicolons than commas (spreadsheets in RO, RS, HU). */
export function detectDelimiter(headerLine: string): ',' | ';' {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}
