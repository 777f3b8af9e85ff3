/**
 * Quiet hours: the earliest moment a message may go out on a channel, given the flow's nightly
 * quiet period and whole quiet days, in the flow's time zone. A message due in quiet hours is
 * deferred to their end, never dropped.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../debtors/channel.ts';
import type { QuietHours } from '../flow-settings.ts';
import { splitTime } from './wait-until.ts';

export function earliestSendTime(now: Date, quietHours: QuietHours | null, timezone: string, channel: Channel): Date {
  if (!quietHours?.channels.includes(channel)) return now;
  const [fromHour, fromMinute] = splitTime(quietHours.from);
  const [toHour, toMinute] = splitTime(quietHours.to);
  const from = fromHour * 60 + fromMinute;
  const to = toHour * 60 + toMinute;
  let local = DateTime.fromJSDate(now, { zone: timezone });
  // Each step moves forward to the end of one quiet stretch; a week and a night bound it.
  for (let step = 0; step < 16; step += 1) {
    if (quietHours.quietDays.includes(local.weekday)) {
      local = local.plus({ days: 1 }).startOf('day');
      continue;
    }
    const minute = local.hour * 60 + local.minute;
    const endOfQuiet = local.set({ hour: toHour, minute: toMinute, second: 0, millisecond: 0 });
    if (from > to && minute >= from) {
      local = endOfQuiet.plus({ days: 1 });
      continue;
    }
    if ((from > to && minute < to) || (from < to && minute >= from && minute < to)) {
      local = endOfQuiet;
      continue;
    }
    return local.toJSDate() < now ? now : local.toJSDate();
  }
  throw new Error('Quiet hours leave no time to send within a week');
}
