/**
 * The agents' case list: search by name, customer number, e-mail, phone or invoice number, and
 * filters, paged on the server by a cursor (keyset: the sort value and the case id of the last
 * row), so the hundredth page of a million cases is as quick as the first.
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { CaseStatus } from './case.ts';

export const CaseSort = z.enum(['most_overdue', 'largest', 'newest']);
export type CaseSort = z.infer<typeof CaseSort>;

export const caseSortLabels: Record<CaseSort, string> = {
  most_overdue: 'Most overdue first',
  largest: 'Largest amount first',
  newest: 'Newest first',
};

const Count = z.number().int().min(0);
const Minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const CaseSearch = z
  .object({
    /** Part of the debtor's name, customer number, e-mail or phone, or an invoice number. */
    search: z.string().trim().max(100).default(''),
    status: z.array(CaseStatus).max(4).default([]),
    flowId: z.uuid().optional(),
    /** A step of `flowId`: cases standing there now. */
    nodeId: z.string().min(1).max(100).optional(),
    minOpenMinor: Minor.optional(),
    maxOpenMinor: Minor.optional(),
    minDaysOverdue: Count.max(36500).optional(),
    maxDaysOverdue: Count.max(36500).optional(),
    /** The channel the debtor prefers; `none`: no preference recorded. */
    preferredChannel: z.union([Channel, z.literal('none')]).optional(),
    /** Only cases with an open dispute (true) or without one (false). */
    hasDispute: z.boolean().optional(),
    sort: CaseSort.default('most_overdue'),
    /** The `next` of the previous page. */
    after: z
      .string()
      .regex(/^[0-9-]+_[0-9a-f-]{36}$/, { message: 'must be the "next" value of a previous page' })
      .optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((query) => !query.nodeId || query.flowId, {
    message: 'Choose the flow of the step first.',
    path: ['nodeId'],
  })
  .refine((query) => query.minOpenMinor === undefined || (query.maxOpenMinor ?? Infinity) >= query.minOpenMinor, {
    message: 'The lowest amount is above the highest.',
    path: ['maxOpenMinor'],
  })
  .refine((query) => query.minDaysOverdue === undefined || (query.maxDaysOverdue ?? Infinity) >= query.minDaysOverdue, {
    message: 'The fewest days overdue are more than the most.',
    path: ['maxDaysOverdue'],
  });
export type CaseSearch = z.input<typeof CaseSearch>;

export const CaseListItem = z.object({
  id: z.uuid(),
  status: CaseStatus,
  debtor: z.object({ externalId: z.string(), name: z.string(), email: z.string().nullable() }),
  openMinor: z.number().int(),
  currency: z.string(),
  /** Days since the oldest open invoice fell due (0 while none is due yet); null when nothing is open. */
  daysOverdue: z.number().int().nullable(),
  /** The flow the case runs in now, and its step; null when none. */
  flow: z.object({ id: z.uuid(), name: z.string(), nodeId: z.string().nullable() }).nullable(),
  disputed: z.boolean(),
  openedAt: z.iso.datetime({ offset: true }),
});
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CaseSearchPage = z.object({
  items: z.array(CaseListItem),
  /** Pass as `after` for the next page; null when there is none. */
  next: z.string().nullable(),
  /** How many cases match, counted up to `totalCap`; `totalCap + 1` means "more than that". */
  total: z.number().int(),
  totalCap: z.number().int(),
});
export type CaseSearchPage = z.infer<typeof CaseSearchPage>;
