/** A case: one debtor's open invoices under collection, the unit a flow runs for. */
import { z } from 'zod';

export const CaseStatus = z.enum(['open', 'paused', 'paid', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;
