import { describe, expect, it } from 'vitest';
import { ImportMapping, parseAmount, parseDate, spreadsheetSafe, suggestMapping } from './import-mapping.ts';

describe('CSV import mapping', () => {
  it('suggests columns from Dutch, German and English headers', () => {
    expect(
      suggestMapping(['Klantnummer', 'Naam', 'E-mailadres', 'Factuurnummer', 'Factuurdatum', 'Vervaldatum', 'Bedrag']),
    ).toEqual({
      'debtor.externalId': 'Klantnummer',
      'debtor.lastName': 'Naam',
      'debtor.email': 'E-mailadres',
      'invoice.externalId': 'Factuurnummer',
      'invoice.issueDate': 'Factuurdatum',
      'invoice.dueDate': 'Vervaldatum',
      'invoice.amount': 'Bedrag',
    });
    expect(
      suggestMapping([
        'Kundennummer',
        'Vorname',
        'Nachname',
        'PLZ',
        'Ort',
        'Rechnungsnummer',
        'Fälligkeitsdatum',
        'Betrag',
        'Währung',
      ]),
    ).toMatchObject({
      'debtor.externalId': 'Kundennummer',
      'debtor.firstName': 'Vorname',
      'debtor.lastName': 'Nachname',
      'debtor.postalCode': 'PLZ',
      'debtor.city': 'Ort',
      'invoice.externalId': 'Rechnungsnummer',
      'invoice.dueDate': 'Fälligkeitsdatum',
      'invoice.amount': 'Betrag',
      'invoice.currency': 'Währung',
    });
    expect(suggestMapping(['Customer ID', 'Invoice No', 'Due date', 'Amount', 'Balance'])).toEqual({
      'debtor.externalId': 'Customer ID',
      'invoice.externalId': 'Invoice No',
      'invoice.dueDate': 'Due date',
      'invoice.amount': 'Amount',
      'invoice.openAmount': 'Balance',
    });
  });

  it('refuses a mapping without the fields every row needs', () => {
    const parsed = ImportMapping.safeParse({ columns: { 'debtor.externalId': 'Klantnummer' } });
    expect(parsed.error?.issues[0]?.message).toBe(
      'Choose the column that holds the invoice number, invoice amount, due date.',
    );
    expect(parsed.error?.issues[0]?.path).toEqual(['columns', 'invoice.externalId']);
  });

  it('reads amounts with decimal commas or points, thousands separators and currency signs', () => {
    const read = (text: string, style: 'auto' | 'comma' | 'point' = 'auto') => parseAmount(text, style);
    expect(read('1.234,56')).toEqual({ ok: true, value: 123_456 });
    expect(read('1,234.56')).toEqual({ ok: true, value: 123_456 });
    expect(read('€ 1 234,5')).toEqual({ ok: true, value: 123_450 });
    expect(read('12')).toEqual({ ok: true, value: 1_200 });
    expect(read('-12,00')).toEqual({ ok: true, value: -1_200 });
    expect(read('1.234')).toEqual({ ok: true, value: 123_400 });
    expect(read('1.23', 'point')).toEqual({ ok: true, value: 123 });
    expect(read('1.234', 'point')).toEqual({ ok: false, reason: '“1.234” has more than 2 decimals' });
    expect(read('0,05', 'comma')).toEqual({ ok: true, value: 5 });
    expect(read('twelve')).toEqual({ ok: false, reason: '“twelve” is not an amount' });
    expect(read('1,2345')).toEqual({ ok: false, reason: '“1,2345” has more than 2 decimals' });
  });

  it('reads ISO and European dates, and refuses days that do not exist', () => {
    expect(parseDate('2026-11-23', 'auto')).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseDate('23-11-2026', 'auto')).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseDate('23.11.2026', 'auto')).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseDate('3/1/2026', 'auto')).toEqual({ ok: true, value: '2026-01-03' });
    expect(parseDate('3/1/2026', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parseDate('2026-11-23T10:00:00Z', 'auto')).toEqual({ ok: true, value: '2026-11-23' });
    expect(parseDate('31-02-2026', 'auto')).toEqual({
      ok: false,
      reason: '“31-02-2026” is not a date in the calendar',
    });
    expect(parseDate('29-02-2028', 'auto')).toEqual({ ok: true, value: '2028-02-29' });
    expect(parseDate('29-02-2100', 'auto').ok).toBe(false);
    expect(parseDate('29.02.2000', 'auto')).toEqual({ ok: true, value: '2000-02-29' });
    expect(parseDate('31-04-2026', 'auto').ok).toBe(false);
    expect(parseDate('2026-13-01', 'auto').ok).toBe(false);
    expect(parseDate('00-11-2026', 'auto').ok).toBe(false);
    expect(parseDate('23-11-2026', 'DD.MM.YYYY').ok).toBe(false);
    expect(parseDate('tomorrow', 'auto').ok).toBe(false);
  });

  it('keeps formulas from running when a report is opened in a spreadsheet', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://evil.example","click")')).toBe(
      '\'=HYPERLINK("http://evil.example","click")',
    );
    expect(spreadsheetSafe('+31612345678')).toBe("'+31612345678");
    expect(spreadsheetSafe('Jansen')).toBe('Jansen');
  });
});
