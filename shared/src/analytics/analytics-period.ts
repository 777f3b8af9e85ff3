/** The period, flow and brand the managers' figures are for. */
import { z } from 'zod';

const Day = z.iso.date({ message: 'Use a date like 2026-11-01.' });

/**
 * Figures are for the cases that entered a flow from `from` to `to` (both days included, UTC),
 * followed to today: a case that entered in March and paid in May counts as paid for March.
 */
export const AnalyticsPeriod = z
  .object({
    from: Day,
    to: Day,
    /** One flow (all its versions), or all flows. */
    flowId: z.uuid().nullable().default(null),
    /** Cases whose messages came from this brand's templates, or all. */
    brandId: z.uuid().nullable().default(null),
  })
  .refine((period) => period.from <= period.to, { message: 'The period ends before it starts.', path: ['to'] })
  .refine((period) => Date.parse(period.to) - Date.parse(period.from) <= 3 * 366 * 86_400_000, {
    message: 'Choose a period of at most three years.',
    path: ['from'],
  });
export type AnalyticsPeriod = z.infer<typeof AnalyticsPeriod>;
