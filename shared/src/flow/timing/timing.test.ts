import { describe, expect, it } from 'vitest';
import { pickVariant } from './ab-variant.ts';
import { describeWait } from './describe-wait.ts';
import { earliestSendTime } from './quiet-hours.ts';
import { todayIn, waitUntil } from './wait-until.ts';

const amsterdam = 'Europe/Amsterdam';
const clockAt = (iso: string, dates: Record<string, string | null> = {}) => ({
  now: new Date(iso),
  timezone: amsterdam,
  dateField: (name: string) => dates[name] ?? null,
});

describe('waitUntil', () => {
  it('counts days as calendar days across a clock change, hours as elapsed time', () => {
    // 29 March 2026: the clocks go from 02:00 to 03:00 in Amsterdam.
    const saturdayMorning = clockAt('2026-03-28T08:00:00Z'); // 09:00 local (CET)
    expect(waitUntil({ kind: 'duration', amount: 1, unit: 'days' }, saturdayMorning)?.toISOString()).toBe(
      '2026-03-29T07:00:00.000Z', // 09:00 local (CEST)
    );
    expect(waitUntil({ kind: 'duration', amount: 24, unit: 'hours' }, saturdayMorning)?.toISOString()).toBe(
      '2026-03-29T08:00:00.000Z',
    );
    expect(waitUntil({ kind: 'duration', amount: 0, unit: 'minutes' }, saturdayMorning)?.toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });

  it('finds the next chosen weekday and time, strictly after now', () => {
    const mondayTen = clockAt('2026-11-23T09:00:00Z'); // Monday 10:00 local
    expect(waitUntil({ kind: 'weekday', days: [1], time: '09:00' }, mondayTen)?.toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
    expect(waitUntil({ kind: 'weekday', days: [3, 1], time: '09:00' }, mondayTen)?.toISOString()).toBe(
      '2026-11-25T08:00:00.000Z',
    );
    const mondaySeven = clockAt('2026-11-23T06:00:00Z'); // Monday 07:00 local
    expect(waitUntil({ kind: 'weekday', days: [1], time: '09:00' }, mondaySeven)?.toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
  });

  it('waits until a date of the case plus days, or not at all when the case has no such date', () => {
    const now = clockAt('2026-11-10T12:00:00Z', { 'case.oldest_due_date': '2026-11-01' });
    const wait = { kind: 'date', field: 'case.oldest_due_date', offsetDays: 14, time: '09:00' } as const;
    expect(waitUntil(wait, now)?.toISOString()).toBe('2026-11-15T08:00:00.000Z');
    expect(waitUntil(wait, clockAt('2026-11-10T12:00:00Z'))).toBeNull();
  });

  it('knows the local date', () => {
    expect(todayIn(amsterdam, new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    expect(todayIn('UTC', new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-22');
  });
});

describe('earliestSendTime', () => {
  const nl = { from: '20:00', to: '08:00', quietDays: [7], channels: ['email', 'sms', 'voice'] as const };
  const at = (iso: string, channel: 'email' | 'letter' = 'email', quiet = { ...nl, channels: [...nl.channels] }) =>
    earliestSendTime(new Date(iso), quiet, amsterdam, channel).toISOString();

  it('defers a message due at night or on a quiet day to the end of the quiet time', () => {
    expect(at('2026-11-28T20:00:00Z')).toBe('2026-11-30T07:00:00.000Z'); // Sat 21:00 → (Sunday quiet) → Mon 08:00
    expect(at('2026-11-30T06:30:00Z')).toBe('2026-11-30T07:00:00.000Z'); // Mon 07:30 → 08:00
    expect(at('2026-11-29T11:00:00Z')).toBe('2026-11-30T07:00:00.000Z'); // Sunday noon → Mon 08:00
  });

  it('lets a message through in allowed hours, on channels without quiet hours, and without settings', () => {
    expect(at('2026-11-30T11:00:00Z')).toBe('2026-11-30T11:00:00.000Z');
    expect(at('2026-11-28T20:00:00Z', 'letter')).toBe('2026-11-28T20:00:00.000Z');
    expect(earliestSendTime(new Date('2026-11-28T22:00:00Z'), null, amsterdam, 'sms').toISOString()).toBe(
      '2026-11-28T22:00:00.000Z',
    );
  });

  it('handles a quiet period within one day', () => {
    const lunch = { from: '12:00', to: '13:00', quietDays: [], channels: ['email' as const] };
    expect(at('2026-11-30T11:30:00Z', 'email', lunch)).toBe('2026-11-30T12:00:00.000Z'); // 12:30 → 13:00 local
  });
});

describe('pickVariant', () => {
  const variants = [
    { id: 'a', label: 'A', weight: 30 },
    { id: 'b', label: 'B', weight: 70 },
  ];

  it('is sticky: the same case at the same split always gets the same variant', () => {
    for (let index = 0; index < 100; index += 1) {
      const caseId = `case-${index}`;
      expect(pickVariant(caseId, 'split', variants)).toBe(pickVariant(caseId, 'split', variants));
    }
  });

  it('follows the weights, and never picks a variant of weight 0', () => {
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 20_000; index += 1)
      counts[pickVariant(`case-${index}`, 'split', variants).id as 'a' | 'b'] += 1;
    expect(counts.a / 20_000).toBeGreaterThan(0.28);
    expect(counts.a / 20_000).toBeLessThan(0.32);
    const onlyB = [
      { id: 'a', label: 'A', weight: 0 },
      { id: 'b', label: 'B', weight: 100 },
    ];
    for (let index = 0; index < 1000; index += 1) expect(pickVariant(`case-${index}`, 'split', onlyB).id).toBe('b');
  });
});

describe('describeWait', () => {
  it('says waits in plain words', () => {
    expect(describeWait({ kind: 'duration', amount: 14, unit: 'days' })).toBe('14 days');
    expect(describeWait({ kind: 'duration', amount: 1, unit: 'weeks' })).toBe('1 week');
    expect(describeWait({ kind: 'weekday', days: [4, 1], time: '09:00' })).toBe('the next Monday or Thursday at 09:00');
    expect(describeWait({ kind: 'date', field: 'case.oldest_due_date', offsetDays: 14, time: '09:00' })).toBe(
      '14 days after the oldest due date, at 09:00',
    );
  });
});
