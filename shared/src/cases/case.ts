/** A case: one debtor's open invoices under collection, the unit a flow runs for. */
import { z } from 'zod';

export const CaseStatus = z.enum(['open', 'paused', 'paid', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** A case as a picker lists it (the designer's test run picks one). */
export const CaseChoice = z.object({
  id: z.uuid(),
  debtorName: z.string(),
  debtorExternalId: z.string(),
  language: z.string(),
  status: CaseStatus,
  openMinor: z.number().int(),
  currency: z.string(),
  daysOverdue: z.number().int(),
});
export type CaseChoice = z.infer<typeof CaseChoice>;

export const CaseChoiceInput = z.object({
  /** Part of the debtor's name or number. Default: empty, any case. */
  search: z.string().trim().max(100).default(''),
  /** Default: 20. */
  limit: z.number().int().min(1).max(50).default(20),
});
export type CaseChoiceInput = z.infer<typeof CaseChoiceInput>;
