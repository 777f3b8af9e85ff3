/**
 * One CSV row as a debtor and an invoice, by the mapping — or every reason it cannot be, each
 * with its column. Values are checked by the same schemas as the REST API's, so a row that
 * imports is one the API would accept too. Text is stored as it came (a cell starting with `=`
 * is a name, not a formula); reports and exports escape it (`spreadsheetSafe`).
 */
import {
  DebtorUpsert,
  type ImportField,
  type ImportMapping,
  InvoiceUpsert,
  importFieldLabels,
  issueMessage,
  parseAmount,
  parseDate,
  type RowProblem,
} from '@collectflow/shared';
import { DomainError } from '../errors/domain-error.ts';

/** A longer cell is refused: no field holds more, and a runaway cell is a broken export. */
export const maxCellLength = 1000;

export type ImportedRow =
  | { ok: true; debtor: DebtorUpsert; invoice: InvoiceUpsert }
  | { ok: false; problems: RowProblem[] };

/** Where each mapped field is in a row, from the header. */
export function columnIndexes(headers: readonly string[], mapping: ImportMapping): Map<ImportField, number> {
  const indexes = new Map<ImportField, number>();
  for (const [field, header] of Object.entries(mapping.columns) as [ImportField, string][]) {
    const index = headers.indexOf(header);
    if (index === -1) {
      throw new DomainError(
        'BAD_REQUEST',
        `The file has no column “${header}” (mapped to ${importFieldLabels[field]}).`,
        {
          field: `mapping.columns.${field}`,
        },
      );
    }
    indexes.set(field, index);
  }
  return indexes;
}

const debtorFieldOf: Record<string, ImportField> = {
  externalId: 'debtor.externalId',
  firstName: 'debtor.firstName',
  lastName: 'debtor.lastName',
  companyName: 'debtor.companyName',
  language: 'debtor.language',
  email: 'debtor.email',
  phone: 'debtor.phone',
  'address.line1': 'debtor.addressLine1',
  'address.postalCode': 'debtor.postalCode',
  'address.city': 'debtor.city',
  'address.country': 'debtor.country',
};
const invoiceFieldOf: Record<string, ImportField> = {
  externalId: 'invoice.externalId',
  debtorExternalId: 'debtor.externalId',
  amountMinor: 'invoice.amount',
  openAmountMinor: 'invoice.openAmount',
  currency: 'invoice.currency',
  issueDate: 'invoice.issueDate',
  dueDate: 'invoice.dueDate',
};

/** A phone number as people write it, in international form: "06-12 34 56 78" in NL is +31612345678. */
function internationalPhone(text: string, country: string | null): string {
  const digits = text.replace(/[\s\-()./]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  const prefix = { NL: '31', DE: '49', BE: '32', AT: '43', FR: '33', LU: '352' }[country ?? ''];
  return prefix && digits.startsWith('0') ? `+${prefix}${digits.slice(1)}` : digits;
}

export function importRow(
  line: number,
  row: readonly string[],
  headers: readonly string[],
  indexes: Map<ImportField, number>,
  mapping: ImportMapping,
): ImportedRow {
  const problems: RowProblem[] = [];
  let values = row;
  const columnOf = (field: ImportField) => mapping.columns[field] ?? null;
  // Exports that end each line with a separator give empty extra cells: those are no problem.
  if (values.length > headers.length && values.slice(headers.length).every((value) => value.trim() === '')) {
    values = values.slice(0, headers.length);
  }
  if (values.length !== headers.length) {
    problems.push({
      line,
      column: null,
      reason: `the row has ${values.length} columns; the header has ${headers.length}`,
    });
    return { ok: false, problems };
  }
  const cell = (field: ImportField): string | null => {
    const index = indexes.get(field);
    const value = index === undefined ? '' : (values[index] ?? '').trim();
    if (value.length > maxCellLength) {
      problems.push({
        line,
        column: columnOf(field),
        reason: `${value.length.toLocaleString('en')} characters; at most ${maxCellLength.toLocaleString('en')} fit`,
      });
      return null;
    }
    return value === '' ? null : value;
  };
  const amount = (field: ImportField): number | undefined => {
    const text = cell(field);
    if (text === null) return undefined;
    const parsed = parseAmount(text, mapping.decimal);
    if (parsed.ok) return parsed.value;
    problems.push({ line, column: columnOf(field), reason: parsed.reason });
    return undefined;
  };
  const date = (field: ImportField): string | undefined => {
    const text = cell(field);
    if (text === null) return undefined;
    const parsed = parseDate(text, mapping.dates);
    if (parsed.ok) return parsed.value;
    problems.push({ line, column: columnOf(field), reason: parsed.reason });
    return undefined;
  };

  const externalId = cell('debtor.externalId');
  const country = cell('debtor.country')?.toUpperCase() ?? mapping.defaults.country;
  const lastName = cell('debtor.lastName');
  const companyName = cell('debtor.companyName');
  const line1 = cell('debtor.addressLine1');
  const phone = cell('debtor.phone');
  const debtorInput = {
    externalId: externalId ?? '',
    kind: companyName && !lastName ? ('company' as const) : ('person' as const),
    firstName: cell('debtor.firstName'),
    lastName,
    companyName,
    language: (cell('debtor.language') ?? mapping.defaults.language).toLowerCase().slice(0, 2),
    email: cell('debtor.email')?.toLowerCase() ?? null,
    phone: phone ? internationalPhone(phone, country) : null,
    address:
      line1 && country
        ? {
            line1,
            postalCode: cell('debtor.postalCode') ?? '',
            city: cell('debtor.city') ?? '',
            country,
          }
        : null,
  };
  const dueDate = date('invoice.dueDate');
  const invoiceInput = {
    externalId: cell('invoice.externalId') ?? '',
    debtorExternalId: externalId ?? '',
    amountMinor: amount('invoice.amount'),
    openAmountMinor: amount('invoice.openAmount'),
    currency: (cell('invoice.currency') ?? mapping.defaults.currency).toUpperCase(),
    issueDate: date('invoice.issueDate') ?? dueDate,
    dueDate,
  };
  if (externalId === null) problems.push({ line, column: columnOf('debtor.externalId'), reason: 'no customer number' });
  if (line1 && !country) {
    problems.push({
      line,
      column: columnOf('debtor.addressLine1'),
      reason: 'the address has no country: map a Country column or set a default country',
    });
  }
  if (invoiceInput.externalId === '') {
    problems.push({ line, column: columnOf('invoice.externalId'), reason: 'no invoice number' });
  }
  if (invoiceInput.amountMinor === undefined && !problems.some((one) => one.column === columnOf('invoice.amount'))) {
    problems.push({ line, column: columnOf('invoice.amount'), reason: 'no amount' });
  }
  if (dueDate === undefined && !problems.some((one) => one.column === columnOf('invoice.dueDate'))) {
    problems.push({ line, column: columnOf('invoice.dueDate'), reason: 'no due date' });
  }
  if (problems.length > 0) return { ok: false, problems };

  const debtor = DebtorUpsert.safeParse(debtorInput);
  const invoice = InvoiceUpsert.safeParse(invoiceInput);
  for (const [result, fieldOf] of [
    [debtor, debtorFieldOf],
    [invoice, invoiceFieldOf],
  ] as const) {
    for (const issue of result.error?.issues ?? []) {
      const field = fieldOf[issue.path.join('.')] ?? fieldOf[String(issue.path[0])];
      problems.push({ line, column: field ? columnOf(field) : null, reason: issueMessage(issue) });
    }
  }
  if (!debtor.success || !invoice.success) return { ok: false, problems };
  return { ok: true, debtor: debtor.data, invoice: invoice.data };
}
