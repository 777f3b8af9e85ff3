/**
 * What the public paylink page (`/p/<token>`) gets: for an open case, what is owed; for a
 * settled or closed one, only that — no personal data once the case is done.
 */
import { z } from 'zod';
import { CurrencyCode } from '../money/money.ts';

export const PaylinkInvoice = z.object({
  number: z.string(),
  dueDate: z.iso.date(),
  openAmountMinor: z.number().int(),
});

export const PaylinkView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('settled') }),
  z.object({
    status: z.literal('open'),
    /** The case's reference, for the bank transfer. */
    reference: z.string(),
    language: z.string(),
    currency: CurrencyCode,
    invoices: z.array(PaylinkInvoice),
    totalMinor: z.number().int(),
  }),
]);
export type PaylinkView = z.infer<typeof PaylinkView>;
