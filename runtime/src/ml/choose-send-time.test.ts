import { describe, expect, it } from 'vitest';
import { chooseSendTime } from './choose-send-time.ts';
import { seededRandom } from './seeded-random.ts';

const settings = {
  timezone: 'Europe/Amsterdam',
  quietHours: { from: '21:00', to: '08:00', quietDays: [7], channels: ['sms' as const, 'voice' as const] },
};
// Monday 1 June 2026, 09:30 in Amsterdam (UTC+2).
const now = new Date('2026-06-01T07:30:00Z');
/** Evenings (19:00) pay four times as often as other hours. */
const counts = Array.from({ length: 24 }, (_, hour) => ({ trials: 200, successes: hour === 19 ? 80 : 20 }));
const hourIn = (at: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Amsterdam' }).format(at),
  );

describe('the send-time choice', () => {
  it('picks the hour with the best learnt response, within quiet hours', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const choice = chooseSendTime({ now, settings, channel: 'sms', counts, random: seededRandom(seed) });
      expect(choice.hour).toBe(19);
      expect(choice.at.toISOString()).toBe('2026-06-01T17:00:00.000Z');
    }
  });

  it('never picks a quiet hour, even when the data favour it', () => {
    const night = counts.map((hour, index) => (index === 23 ? { trials: 500, successes: 400 } : hour));
    for (let seed = 1; seed <= 20; seed += 1) {
      const choice = chooseSendTime({ now, settings, channel: 'sms', counts: night, random: seededRandom(seed) });
      expect(hourIn(choice.at)).toBeGreaterThanOrEqual(8);
      expect(hourIn(choice.at)).toBeLessThan(21);
    }
    // E-mail has no quiet hours here: the night hour wins.
    const email = chooseSendTime({ now, settings, channel: 'email', counts: night, random: seededRandom(1) });
    expect(email.hour).toBe(23);
  });

  it('sends at once without data for the group', () => {
    expect(chooseSendTime({ now, settings, channel: 'sms', counts: undefined, random: seededRandom(1) }).at).toEqual(
      now,
    );
    const empty = counts.map(() => ({ trials: 0, successes: 0 }));
    expect(chooseSendTime({ now, settings, channel: 'sms', counts: empty, random: seededRandom(1) }).at).toEqual(now);
  });
});
