/**
 * The rejected rows of an import as a CSV file to download: why each row was refused (line,
 * columns and reasons) and the row as it was, so it can be corrected and imported again — the
 * extra columns are not mapped and change nothing. Every cell is quoted, and cells that a
 * spreadsheet would run as a formula are escaped (`spreadsheetSafe`).
 */
import { spreadsheetSafe } from '@collectflow/shared';
import type { ImportReport } from './run-import.ts';

const quoted = (text: string) => `"${spreadsheetSafe(text).replaceAll('"', '""')}"`;

export function rejectedRowsCsv(report: Pick<ImportReport, 'headers' | 'problems' | 'rejectedRows'>): string {
  const byLine = new Map<number, string[]>();
  for (const problem of report.problems) {
    const reason = problem.column ? `${problem.column}: ${problem.reason}` : problem.reason;
    byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), reason]);
  }
  const lines = [['Line', 'Problem', ...report.headers].map(quoted).join(',')];
  for (const row of report.rejectedRows) {
    const cells = report.headers.map((_, index) => row.values[index] ?? '');
    lines.push([String(row.line), (byLine.get(row.line) ?? []).join('; '), ...cells].map(quoted).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
