/**
 * The REST API v1 for ERPs and scripts: request and response bodies. A public contract — keep
 * changes backward compatible. The OpenAPI document is generated from these schemas.
 */
import { z } from 'zod';
import { CaseStatus } from '../cases/case.ts';
import { Channel, Consents } from '../debtors/channel.ts';
import { Attributes, DebtorKind, PhoneNumber, PostalAddress } from '../debtors/debtor.ts';
import { CalendarDate, InvoiceStatus } from '../debtors/invoice.ts';
import { TimelineEvent } from '../events/event.ts';
import { Language } from '../i18n/language.ts';
import { CurrencyCode, MinorUnits } from '../money/money.ts';

/** Most items in one request; a request is all or nothing. */
export const maxBatchItems = 10_000;

const ExternalId = z.string().trim().min(1, { message: 'must not be empty' }).max(100);
const Timestamp = z.iso.datetime({ offset: true });

function batch<T extends z.ZodType>(item: T, noun: string) {
  return z.object({
    items: z
      .array(item)
      .min(1, { message: `Send at least one ${noun}.` })
      .max(maxBatchItems, { message: `Send at most ${maxBatchItems.toLocaleString('en')} ${noun}s per request.` }),
  });
}

/**
 * A debtor to create or update. On update, a field you leave out keeps its value and `null`
 * clears it; `consents` merge per channel and `attributes` per key (send a key as null to clear it).
 */
export const DebtorUpsert = z
  .object({
    externalId: ExternalId,
    /** Default on create: person. */
    kind: DebtorKind.optional(),
    firstName: z.string().trim().max(100).nullable().optional(),
    lastName: z.string().trim().max(100).nullable().optional(),
    companyName: z.string().trim().max(200).nullable().optional(),
    language: Language,
    email: z.email({ message: 'must be an e-mail address' }).nullable().optional(),
    phone: PhoneNumber.nullable().optional(),
    address: PostalAddress.extend({ line2: z.string().max(200).nullable().optional() })
      .nullable()
      .optional(),
    preferredChannel: Channel.nullable().optional(),
    consents: Consents.optional(),
    attributes: Attributes.optional(),
  })
  .refine((debtor) => debtor.lastName || debtor.companyName, {
    message: 'needs a lastName (people) or a companyName (companies)',
    path: ['lastName'],
  })
  .meta({ id: 'DebtorUpsert' });
export type DebtorUpsert = z.infer<typeof DebtorUpsert>;
export const DebtorBatch = batch(DebtorUpsert, 'debtor').meta({ id: 'DebtorBatch' });

export const InvoiceUpsert = z
  .object({
    externalId: ExternalId,
    debtorExternalId: ExternalId,
    amountMinor: MinorUnits.min(0, { message: 'must not be negative' }),
    /** Default: the whole amount. */
    openAmountMinor: MinorUnits.min(0, { message: 'must not be negative' }).optional(),
    currency: CurrencyCode,
    issueDate: CalendarDate,
    dueDate: CalendarDate,
    /** Default: open. */
    status: InvoiceStatus.default('open'),
    attributes: Attributes.optional(),
  })
  .refine((invoice) => invoice.openAmountMinor === undefined || invoice.openAmountMinor <= invoice.amountMinor, {
    message: 'must not exceed amountMinor',
    path: ['openAmountMinor'],
  })
  .refine((invoice) => invoice.dueDate >= invoice.issueDate, {
    message: 'must not be before issueDate',
    path: ['dueDate'],
  })
  .meta({ id: 'InvoiceUpsert' });
export type InvoiceUpsert = z.infer<typeof InvoiceUpsert>;
export const InvoiceBatch = batch(InvoiceUpsert, 'invoice').meta({ id: 'InvoiceBatch' });

export const PaymentCreate = z
  .object({
    invoiceExternalId: ExternalId,
    amountMinor: MinorUnits.min(1, { message: 'must be more than 0' }),
    currency: CurrencyCode,
    /** Default: now. */
    paidAt: Timestamp.optional(),
    /** The payment's id at the bank or in the ERP: sending it again does not count it twice. */
    externalId: ExternalId.optional(),
  })
  .meta({ id: 'PaymentCreate' });
export type PaymentCreate = z.infer<typeof PaymentCreate>;
export const PaymentBatch = batch(PaymentCreate, 'payment').meta({ id: 'PaymentBatch' });

export const DebtorUpsertResult = z
  .object({ items: z.array(z.object({ externalId: z.string(), id: z.uuid(), created: z.boolean() })) })
  .meta({ id: 'DebtorUpsertResult' });
export type DebtorUpsertResult = z.infer<typeof DebtorUpsertResult>;

export const InvoiceUpsertResult = z
  .object({
    items: z.array(
      z.object({ externalId: z.string(), id: z.uuid(), caseId: z.uuid().nullable(), created: z.boolean() }),
    ),
    /** Cases opened for debtors who had none open in the invoice's currency. */
    casesOpened: z.number().int(),
    /** Cases settled because none of their invoices is open any more. */
    casesSettled: z.number().int(),
    /** Runs started by the changed cases entering active flows. */
    runsStarted: z.number().int(),
  })
  .meta({ id: 'InvoiceUpsertResult' });
export type InvoiceUpsertResult = z.infer<typeof InvoiceUpsertResult>;

export const PaymentResult = z
  .object({
    items: z.array(
      z.object({
        paymentId: z.uuid(),
        invoiceExternalId: z.string(),
        /** The payment (by externalId) was recorded before; nothing changed. */
        duplicate: z.boolean(),
        appliedMinor: z.number().int(),
        /** What could not be applied: paid beyond what was open, or paid on a closed case (see `flag`). */
        unappliedMinor: z.number().int(),
        /**
         * Set when staff should look at the payment: `overpaid` (more than was open) or
         * `case_closed` (the case was already settled or closed). The money is recorded either way.
         */
        flag: z.enum(['overpaid', 'case_closed']).nullable(),
        invoiceOpenMinor: z.number().int(),
        caseId: z.uuid().nullable(),
        /** The payment settled its case: its flows stopped and its queued messages were cancelled. */
        caseSettled: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'PaymentResult' });
export type PaymentResult = z.infer<typeof PaymentResult>;

/** A letter the post brought back (addressee unknown, moved): it counts as failed. */
export const ReturnedLetter = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, { message: 'Say why the letter came back, e.g. “addressee unknown”.' })
      .max(500)
      .meta({ description: 'Why the post returned it, as written on the envelope or by the mail room.' }),
  })
  .meta({ id: 'ReturnedLetter' });
export type ReturnedLetter = z.infer<typeof ReturnedLetter>;

export const ReturnedLetterResult = z
  .object({
    messageId: z.uuid(),
    caseId: z.uuid(),
    status: z.literal('failed'),
    /** True when the return had been recorded before: nothing changed. */
    alreadyRecorded: z.boolean(),
  })
  .meta({ id: 'ReturnedLetterResult' });
export type ReturnedLetterResult = z.infer<typeof ReturnedLetterResult>;

export const CaseRun = z.object({
  id: z.uuid(),
  flowId: z.uuid(),
  flowName: z.string(),
  version: z.number().int(),
  status: z.enum(['active', 'completed', 'exited', 'failed']),
  nodeId: z.string().nullable(),
  enteredAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  exitReason: z.string().nullable(),
});

/** An invoice of a case, as the API and the case page show it. */
export const CaseInvoice = z.object({
  id: z.uuid(),
  externalId: z.string(),
  amountMinor: z.number().int(),
  openAmountMinor: z.number().int(),
  dueDate: z.string(),
  status: InvoiceStatus,
});

export const CaseTotals = z.object({
  openMinor: z.number().int(),
  amountMinor: z.number().int(),
  feesMinor: z.number().int(),
});

export const CaseView = z
  .object({
    id: z.uuid(),
    status: CaseStatus,
    currency: z.string(),
    dunningLevel: z.number().int(),
    openedAt: Timestamp,
    closedAt: Timestamp.nullable(),
    debtor: z.object({ id: z.uuid(), externalId: z.string(), name: z.string() }),
    invoices: z.array(CaseInvoice),
    totals: CaseTotals,
    runs: z.array(CaseRun),
    /** The case's paylink, to print on your own invoices and letters; null once the case is closed. */
    paylinkUrl: z.string().nullable(),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseView>;

export const CaseList = z.object({ items: z.array(CaseView) }).meta({ id: 'CaseList' });
export type CaseList = z.infer<typeof CaseList>;

export const CaseListQuery = z.object({ debtorExternalId: ExternalId });

export const TimelineQuery = z.object({
  /** The `next` of the previous page. Default: from the start. */
  after: z
    .string()
    .regex(/^\d+-\d+$/, { message: 'must be the "next" value of a previous page' })
    .optional(),
  /** Default: 500; at most 5,000. */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const Timeline = z
  .object({
    items: z.array(TimelineEvent),
    /** Pass as `after` for the next page; null when there is none. */
    next: z.string().nullable(),
  })
  .meta({ id: 'Timeline' });
export type Timeline = z.infer<typeof Timeline>;

/** Every error response. `details` says which item and field, for request bodies. */
export const ApiError = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(z.object({ index: z.number().int().nullable(), field: z.string().nullable(), message: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof ApiError>;
