/** An invoice the debtor has not (fully) paid. Amounts are minor units of `currency`. */
import { z } from 'zod';
import { CurrencyCode, MinorUnits } from '../money/money.ts';
import { Attributes } from './debtor.ts';

export const InvoiceStatus = z.enum(['open', 'paid', 'cancelled', 'disputed']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

/** A calendar date without time, `YYYY-MM-DD`. */
export const CalendarDate = z.iso.date();

export const Invoice = z.object({
  id: z.uuid(),
  debtorId: z.uuid(),
  caseId: z.uuid().nullable(),
  externalId: z.string().min(1).max(100),
  amountMinor: MinorUnits,
  openAmountMinor: MinorUnits,
  currency: CurrencyCode,
  issueDate: CalendarDate,
  dueDate: CalendarDate,
  status: InvoiceStatus,
  attributes: Attributes,
});
export type Invoice = z.infer<typeof Invoice>;
