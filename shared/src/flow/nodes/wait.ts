/**
 * Wait: holds a case for a duration, until the next chosen weekday and time, or until a date
 * from the case (such as 14 days after the oldest due date), all in the flow's time zone.
 */
import { z } from 'zod';
import { segmentFields } from '../../segments/segment-fields.ts';
import { TimeOfDay, Weekday } from '../flow-settings.ts';
import { type NodeTypeDefinition, nodeSchema, singleOutput } from '../node-type.ts';

export const DurationUnit = z.enum(['minutes', 'hours', 'days', 'weeks']);
export type DurationUnit = z.infer<typeof DurationUnit>;

/** Segment fields holding a date, usable as the base of a date wait. */
export const dateFieldNames = segmentFields.filter((field) => field.type === 'date').map((field) => field.name);

export const DateFieldName = z.string().refine((name) => dateFieldNames.includes(name), {
  message: `Use a date field: ${dateFieldNames.join(', ')}.`,
});

export const WaitNodeData = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('duration'),
    /** Days and weeks are calendar days in the flow's time zone (a day across a clock change is still a day). */
    amount: z.number().int().min(0).max(10_000),
    unit: DurationUnit,
  }),
  z.object({
    kind: z.literal('weekday'),
    /** The next of these weekdays (1 = Monday) at `time`, strictly later than now. */
    days: z.array(Weekday).min(1, { message: 'Pick at least one weekday.' }),
    time: TimeOfDay,
  }),
  z.object({
    kind: z.literal('date'),
    /** A date field of the case, e.g. `case.oldest_due_date`. */
    field: DateFieldName,
    /** Days after (negative: before) that date. */
    offsetDays: z.number().int().min(-3650).max(3650),
    time: TimeOfDay.default('09:00'),
  }),
]);
export type WaitNodeData = z.infer<typeof WaitNodeData>;

export const waitNodeType = {
  type: 'wait',
  label: 'Wait',
  description: 'Wait a number of days, until a weekday, or until a date such as the due date + 14 days.',
  category: 'timing',
  icon: 'clock',
  data: WaitNodeData,
  defaultData: { kind: 'duration', amount: 7, unit: 'days' },
  handles: () => singleOutput,
  acceptsInput: true,
  // A date wait may already lie in the past, so only these always take time.
  breaksLoops: (data) => (data.kind === 'duration' && data.amount > 0) || data.kind === 'weekday',
} satisfies NodeTypeDefinition<'wait', typeof WaitNodeData>;

export const WaitNode = nodeSchema(waitNodeType);
export type WaitNode = z.infer<typeof WaitNode>;
