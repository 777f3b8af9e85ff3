/**
 * When a wait step ends, in the flow's time zone. Days and weeks are calendar days (a day across
 * a clock change still ends at the same wall-clock time); minutes and hours are elapsed time.
 */
import { DateTime } from 'luxon';
import type { DurationUnit, WaitNodeData } from '../nodes/wait.ts';

export interface WaitClock {
  now: Date;
  /** IANA time zone of the flow. */
  timezone: string;
  /** The value of a date field of the case (`YYYY-MM-DD`), or null when the case has none. */
  dateField(name: string): string | null;
}

/** The moment the wait ends; `null` when a date wait's field is empty (nothing to wait for). */
export function waitUntil(wait: WaitNodeData, clock: WaitClock): Date | null {
  const local = DateTime.fromJSDate(clock.now, { zone: clock.timezone });
  switch (wait.kind) {
    case 'duration':
      return wait.amount === 0 ? clock.now : local.plus({ [wait.unit]: wait.amount }).toJSDate();
    case 'weekday': {
      const [hour, minute] = splitTime(wait.time);
      for (let day = 0; day <= 7; day += 1) {
        const candidate = local.plus({ days: day }).set({ hour, minute, second: 0, millisecond: 0 });
        if (candidate > local && wait.days.includes(candidate.weekday)) return candidate.toJSDate();
      }
      throw new Error(`No weekday among ${wait.days.join(', ')} within a week`);
    }
    case 'date': {
      const base = clock.dateField(wait.field);
      if (base === null) return null;
      const [hour, minute] = splitTime(wait.time);
      return DateTime.fromISO(base, { zone: clock.timezone })
        .plus({ days: wait.offsetDays })
        .set({ hour, minute, second: 0, millisecond: 0 })
        .toJSDate();
    }
  }
}

/** A duration from now, e.g. a timeout of 3 days, in the flow's time zone. */
export function afterDuration(now: Date, timezone: string, amount: number, unit: DurationUnit): Date {
  return DateTime.fromJSDate(now, { zone: timezone })
    .plus({ [unit]: amount })
    .toJSDate();
}

const todays = new Map<string, string>();

/** Today's date (`YYYY-MM-DD`) in a time zone. Remembered per minute: every step asks. */
export function todayIn(timezone: string, now: Date): string {
  const key = `${timezone}|${Math.floor(now.getTime() / 60_000)}`;
  let today = todays.get(key);
  if (today === undefined) {
    today = DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
    if (todays.size > 1000) todays.clear();
    todays.set(key, today);
  }
  return today;
}

export function splitTime(time: string): [number, number] {
  const [hour, minute] = time.split(':').map(Number);
  return [hour!, minute!];
}
