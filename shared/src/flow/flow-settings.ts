/** Settings of a whole flow: its time zone, quiet hours and frequency cap. */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { SelfServiceRules } from '../self-service/self-service-rules.ts';

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use a time of day like 09:00.' });
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export const Weekday = z.number().int().min(1, { message: 'Weekdays run from 1 (Monday)…' }).max(7, {
  message: '…to 7 (Sunday).',
});
export type Weekday = z.infer<typeof Weekday>;

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const TimeZone = z.string().refine((zone) => IANAZone.isValidZone(zone), {
  message: 'Use a time zone such as Europe/Amsterdam.',
});

/**
 * Hours and days when no message goes out on the listed channels; a message due then waits
 * until they end (it is deferred, never dropped). NL collection rules forbid contact 20:00–07:00
 * and on Sundays.
 */
export const QuietHours = z.object({
  /** Start of the nightly quiet period. Default: 20:00. */
  from: TimeOfDay.default('20:00'),
  /** End of the quiet period (the next morning when earlier than `from`). Default: 08:00. */
  to: TimeOfDay.default('08:00'),
  /** Whole days without messages. Default: Sunday. */
  quietDays: z.array(Weekday).max(6, { message: 'At least one day a week must allow messages.' }).default([7]),
  /** Channels the quiet hours apply to. Default: e-mail, SMS and calls (letters are posted, not delivered at a time). */
  channels: z.array(Channel).min(1).default(['email', 'sms', 'voice']),
});
export type QuietHours = z.infer<typeof QuietHours>;

/** At most `maxMessages` messages to one debtor within `perDays` days, across all flows. */
export const FrequencyCap = z.object({
  maxMessages: z.number().int().min(1).max(100),
  perDays: z.number().int().min(1).max(365),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

export const FlowSettings = z.object({
  /** Time zone of waits and quiet hours. Default: Europe/Amsterdam. */
  timezone: TimeZone.default('Europe/Amsterdam'),
  /** Default: none. */
  quietHours: QuietHours.nullable().default(null),
  /** Default: none. */
  frequencyCap: FrequencyCap.nullable().default(null),
  /** When a case leaves the flow early. Always `paid`: a settled case gets no further reminder. */
  exitWhen: z.literal('paid').default('paid'),
  /**
   * What debtors of this flow's cases may arrange on their paylink page, instead of the brand's
   * rules (its plans remind like the brand's unless they name a reminder). Absent: the brand's.
   */
  selfService: SelfServiceRules.optional(),
});
export type FlowSettings = z.infer<typeof FlowSettings>;
