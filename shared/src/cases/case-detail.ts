/**
 * One case as an agent sees it: the debtor with contact data and consents, invoices, payments,
 * promises, installment plans and disputes, the flows it ran through, and what holds it.
 * The timeline comes separately, page by page (`Timeline`), and live while the page is open.
 */
import { z } from 'zod';
import { CaseInvoice, CaseRun, CaseTotals } from '../api/api-v1.ts';
import { Channel, Consents } from '../debtors/channel.ts';
import { DebtorKind } from '../debtors/debtor.ts';
import { DisputeKind } from '../disputes/dispute.ts';
import { TimelineEvent } from '../events/event.ts';
import { CaseStatus } from './case.ts';

const Timestamp = z.iso.datetime({ offset: true });

export const CaseDebtor = z.object({
  id: z.uuid(),
  externalId: z.string(),
  kind: DebtorKind,
  name: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  companyName: z.string().nullable(),
  language: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  countryCode: z.string().nullable(),
  preferredChannel: Channel.nullable(),
  consents: Consents,
});
export type CaseDebtor = z.infer<typeof CaseDebtor>;

export const CaseDetail = z.object({
  id: z.uuid(),
  status: CaseStatus,
  /** An agent paused it: only an agent resumes it. */
  pausedByAgent: z.boolean(),
  currency: z.string(),
  dunningLevel: z.number().int(),
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  debtor: CaseDebtor,
  totals: CaseTotals,
  invoices: z.array(CaseInvoice.extend({ issueDate: z.string() })),
  payments: z.array(
    z.object({
      id: z.uuid(),
      externalId: z.string().nullable(),
      amountMinor: z.number().int(),
      paidAt: Timestamp,
      source: z.string(),
      flag: z.string().nullable(),
    }),
  ),
  promises: z.array(
    z.object({
      id: z.uuid(),
      promisedDate: z.string(),
      status: z.enum(['open', 'kept', 'broken']),
      createdAt: Timestamp,
    }),
  ),
  plans: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['active', 'completed', 'broken', 'cancelled']),
      totalMinor: z.number().int(),
      installments: z.array(
        z.object({
          seq: z.number().int(),
          dueDate: z.string(),
          amountMinor: z.number().int(),
          status: z.enum(['open', 'paid', 'missed']),
        }),
      ),
    }),
  ),
  disputes: z.array(
    z.object({
      id: z.uuid(),
      kind: DisputeKind,
      message: z.string(),
      status: z.enum(['open', 'resumed', 'closed']),
      createdAt: Timestamp,
    }),
  ),
  runs: z.array(CaseRun),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/** A timeline entry for staff: with the name of the member who did it. */
export const CaseTimelineEvent = TimelineEvent.extend({ actorName: z.string().nullable() });
export type CaseTimelineEvent = z.infer<typeof CaseTimelineEvent>;

export const CaseTimelinePage = z.object({
  items: z.array(CaseTimelineEvent),
  /** The cursor after the last item: pass as `after` for the next page, or to follow live. */
  cursor: z.string().nullable(),
  /** More events follow right away (the page was full). */
  more: z.boolean(),
});
export type CaseTimelinePage = z.infer<typeof CaseTimelinePage>;

export const CaseTimelineQuery = z.object({
  caseId: z.uuid(),
  after: z
    .string()
    .regex(/^\d+-\d+$/, { message: 'must be the "cursor" of a previous page' })
    .optional(),
});
export type CaseTimelineQuery = z.infer<typeof CaseTimelineQuery>;
