/** Counts that tell a signed-in user what their workspace holds. */
import { z } from 'zod';
import { Money } from '../money/money.ts';

export const WorkspaceOverview = z.object({
  debtors: z.number().int(),
  openInvoices: z.number().int(),
  cases: z.object({
    open: z.number().int(),
    paused: z.number().int(),
    paid: z.number().int(),
    closed: z.number().int(),
  }),
  /** Outstanding amount per currency, largest first. */
  openAmounts: z.array(Money),
});
export type WorkspaceOverview = z.infer<typeof WorkspaceOverview>;
