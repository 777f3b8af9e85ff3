/**
 * The send-time choice of a bestChannel node: among the next 24 whole hours in which the flow's
 * quiet-hour rules allow the channel, the hour with the best learnt response of the debtor's
 * device group, by Thompson sampling from Beta posteriors of each hour's payment rate (prior: the
 * group's rate over all hours). Without data for the group it sends at once.
 */
import { type Channel, earliestSendTime, type FlowSettings } from '@collectflow/shared';
import beta from '@stdlib/random-base-beta';
import type { HourCounts } from './best-channel-model.ts';

const hourMs = 3_600_000;
/** Weight of the prior, in messages: an hour needs a few messages of its own to stand out. */
const priorStrength = 10;

export interface SendTimeInput {
  now: Date;
  settings: Pick<FlowSettings, 'quietHours' | 'timezone'>;
  channel: Channel;
  /** Messages and payments per hour of the day (flow time zone) for the debtor's group. */
  counts: readonly HourCounts[] | undefined;
  random: () => number;
}

export interface SendTimeChoice {
  at: Date;
  /** The hour of the day chosen, in the flow's time zone. */
  hour: number;
}

export function chooseSendTime(input: SendTimeInput): SendTimeChoice {
  const { now, settings, channel } = input;
  const allowed = allowedSlots(now, settings, channel);
  const first = allowed[0] ?? { at: earliestSendTime(now, settings.quietHours, settings.timezone, channel), hour: -1 };
  const counts = input.counts;
  const total = counts?.reduce((sum, hour) => sum + hour.trials, 0) ?? 0;
  if (!counts || total === 0 || allowed.length === 0) return { ...first, hour: localHour(first.at, settings.timezone) };
  const paid = counts.reduce((sum, hour) => sum + hour.successes, 0);
  const rate = (paid + 1) / (total + 2);
  const sample = beta.factory({ prng: input.random });
  let best = allowed[0]!;
  let bestDraw = Number.NEGATIVE_INFINITY;
  for (const slot of allowed) {
    const hour = counts[slot.hour]!;
    const draw = sample(
      priorStrength * rate + hour.successes,
      priorStrength * (1 - rate) + hour.trials - hour.successes,
    );
    if (draw > bestDraw) {
      bestDraw = draw;
      best = slot;
    }
  }
  return best;
}

/** Now and the next 23 whole hours, where quiet hours let the channel send. */
function allowedSlots(now: Date, settings: SendTimeInput['settings'], channel: Channel): SendTimeChoice[] {
  const nextHour = Math.ceil(now.getTime() / hourMs) * hourMs;
  const moments = [now, ...Array.from({ length: 23 }, (_, index) => new Date(nextHour + index * hourMs))];
  return moments
    .filter((at) => earliestSendTime(at, settings.quietHours, settings.timezone, channel).getTime() <= at.getTime())
    .map((at) => ({ at, hour: localHour(at, settings.timezone) }));
}

function localHour(at: Date, timezone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: timezone }).format(at));
}
