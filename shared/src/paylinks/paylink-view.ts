/**
 * What the public paylink page (`/p/<token>`) gets: for an open case, what is owed; for a
 * settled or closed one, only that — no personal data once the case is done.
 */
import { z } from 'zod';
import { BrandColours } from '../brands/brand.ts';
import { Channel } from '../debtors/channel.ts';
import { CurrencyCode } from '../money/money.ts';
import { PlanOption } from '../self-service/self-service-rules.ts';

export const PaylinkInvoice = z.object({
  number: z.string(),
  dueDate: z.iso.date(),
  openAmountMinor: z.number().int(),
});

export const PaylinkView = z.discriminatedUnion('status', [
  z.object({ status: z.literal('settled') }),
  z.object({
    status: z.literal('open'),
    /** Who is owed, in their design. */
    creditor: z.object({ name: z.string(), logoUrl: z.string().nullable(), colours: BrandColours }),
    /** The case's reference, for the bank transfer. */
    reference: z.string(),
    language: z.string(),
    currency: CurrencyCode,
    invoices: z.array(PaylinkInvoice),
    /** Collection costs and interest charged on top (0: none). */
    costsMinor: z.number().int(),
    interestMinor: z.number().int(),
    totalMinor: z.number().int(),
    /** Paying by bank transfer (null: the creditor has no bank details set). */
    bankTransfer: z
      .object({
        creditorName: z.string(),
        iban: z.string(),
        bic: z.string().nullable(),
        /** What to transfer now: all that is due, or with an installment plan the next installment. */
        amountMinor: z.number().int(),
        /** The EPC069-12 ("GiroCode") QR code as an SVG element, for euro amounts. */
        girocodeSvg: z.string().nullable(),
      })
      .nullable(),
    /** Paying online ("Pay now") through the creditor's payment provider; null: not offered. */
    payOnline: z.object({ provider: z.string() }).nullable(),
    /** A dispute the debtor raised that an agent has not resolved yet (reminders are paused meanwhile). */
    dispute: z.object({ kind: z.string(), createdAt: z.iso.datetime({ offset: true }) }).nullable(),
    /** How the debtor wants to be reached: the channels we have their details for, and their choice. */
    contact: z.object({
      channels: z.array(Channel),
      preferredChannel: Channel.nullable(),
    }),
    /** Paying in installments: the plan being paid, or the plans the debtor may choose. */
    installments: z.object({
      plan: z
        .object({
          installments: z.array(
            z.object({
              seq: z.number().int(),
              dueDate: z.iso.date(),
              amountMinor: z.number().int(),
              status: z.enum(['open', 'paid', 'missed']),
            }),
          ),
          paidMinor: z.number().int(),
          /**
           * The installment to pay now (what is still open of it): the one of this link while open,
           * else the next one; null when all are paid.
           */
          next: z.object({ seq: z.number().int(), dueDate: z.iso.date(), openMinor: z.number().int() }).nullable(),
          /** The installment whose own paylink this is; null for the case's paylink. */
          linked: z.number().int().nullable(),
        })
        .nullable(),
      /** Empty when no plan is possible (the creditor offers none, the amount is too small, a plan or promise runs). */
      options: z.array(PlanOption),
      /** When the first installment of a plan chosen now would be due. */
      firstDueDate: z.iso.date(),
    }),
    /** Promising to pay later: the dates the debtor may choose, and the date promised, if any. */
    promise: z.object({
      earliest: z.iso.date(),
      latest: z.iso.date(),
      promisedDate: z.iso.date().nullable(),
    }),
  }),
]);

export const ContactPreferenceInput = z.object({ preferredChannel: z.enum(['email', 'sms', 'letter']).nullable() });
export type ContactPreferenceInput = z.infer<typeof ContactPreferenceInput>;

export const ChoosePlanInput = z.object({ count: z.number().int().min(2).max(36) });
export type ChoosePlanInput = z.infer<typeof ChoosePlanInput>;

export const PromiseToPayInput = z.object({ date: z.iso.date({ message: 'Choose a date.' }) });
export type PromiseToPayInput = z.infer<typeof PromiseToPayInput>;
export type PaylinkView = z.infer<typeof PaylinkView>;
