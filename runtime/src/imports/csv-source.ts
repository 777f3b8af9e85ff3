/**
 * Reading a CSV file as ERPs and spreadsheets export it, streamed (a file of a million rows is
 * never held in memory): the encoding (UTF-8 with or without byte-order mark, else
 * Windows-1252) and the separator (`,` `;` or tab, from the header line) are detected unless
 * given. Rows come with their line number; ragged rows come as they are — the importer says
 * what is wrong with them — and never stop the file. Parsing by `csv-parse` (quotes, quoted
 * separators and line breaks, RFC 4180).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { CsvDialect } from '@collectflow/shared';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

type CsvEncoding = CsvDialect['encoding'];
type CsvSeparator = CsvDialect['separator'];

export interface CsvRow {
  /** The line the row ends on (1 is the header line). */
  line: number;
  values: string[];
}

const sampleBytes = 64 * 1024;

/** The encoding and separator of a file, from its first 64 KB. */
export async function detectDialect(file: string): Promise<CsvDialect> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, 0);
    const sample = buffer.subarray(0, bytesRead);
    return { encoding: detectEncoding(sample), separator: detectSeparator(firstLine(sample)) };
  } finally {
    await handle.close();
  }
}

export function detectEncoding(sample: Buffer): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // Up to the last line break: a multi-byte character may be cut at the sample's end.
  const end = sample.lastIndexOf(0x0a);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(end > 0 ? sample.subarray(0, end) : sample);
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function firstLine(sample: Buffer): string {
  const text = sample.toString('latin1');
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** The separator that splits the header line into the most columns (outside quotes). */
export function detectSeparator(headerLine: string): CsvSeparator {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const counts = ([';', ',', '\t'] as const).map(
    (separator) => [separator, unquoted.split(separator).length - 1] as const,
  );
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/** The header and then every row of the file, streamed. */
export async function* readCsv(file: string, dialect: CsvDialect): AsyncGenerator<CsvRow, void, undefined> {
  const raw = createReadStream(file);
  const text = dialect.encoding === 'utf-8' ? raw : raw.pipe(iconv.decodeStream('win1252'));
  const parser = text.pipe(
    parse({
      delimiter: dialect.separator,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, values: record };
    }
  } finally {
    raw.destroy();
  }
}
