/**
 * A simulated debtor population with known ("ground truth") response probabilities, to prove the
 * best-channel policy against baselines. Three debtor types, in the shape of the seeds' figures
 * (e-mail paid 3.5× faster than letters, SMS 5.5× faster):
 *
 * | type          | share | pays after e-mail / SMS / letter | SMS consent | e-mail address | pays on   | best hours |
 * | ------------- | ----- | -------------------------------- | ----------- | -------------- | --------- | ---------- |
 * | young, mobile | 30 %  | 10 % / 32 % / 5 %                | 85 %        | 100 %          | phone 90 %| 17–21      |
 * | middle        | 45 %  | 24 % / 15 % / 12 %               | 60 %        | 100 %          | phone 50 %| 9–17       |
 * | senior        | 25 %  | 6 % / 7 % / 30 %                 | 30 %        | 60 %           | phone 20 %| 8–12       |
 *
 * Mean days until payment: SMS 1, e-mail 1.57, letter 5.5. Small amounts (< 50) pay 1.2× as
 * often, large ones (> 1,000) 0.7×; the type's best hours 1.3×. The policy does not see the type:
 * it sees an `age_band` attribute that matches the type for 80 % of debtors, the language, the
 * amount, and what the debtor did before. Everything is drawn from seeded generators, so a
 * population and its outcomes are the same for every policy compared on it.
 */
import type { Channel } from '@collectflow/shared';
import { seededRandom, seedFrom } from '../seeded-random.ts';

export type DebtorTypeId = 'young_mobile' | 'middle' | 'senior';

interface DebtorType {
  id: DebtorTypeId;
  share: number;
  payChance: Record<Channel, number>;
  smsConsent: number;
  hasEmail: number;
  mobile: number;
  bestHours: readonly [number, number];
  ageBand: string;
}

export const debtorTypes: readonly DebtorType[] = [
  {
    id: 'young_mobile',
    share: 0.3,
    payChance: { email: 0.1, sms: 0.32, letter: 0.05, voice: 0.12 },
    smsConsent: 0.85,
    hasEmail: 1,
    mobile: 0.9,
    bestHours: [17, 21],
    ageBand: '18-34',
  },
  {
    id: 'middle',
    share: 0.45,
    payChance: { email: 0.24, sms: 0.15, letter: 0.12, voice: 0.1 },
    smsConsent: 0.6,
    hasEmail: 1,
    mobile: 0.5,
    bestHours: [9, 17],
    ageBand: '35-64',
  },
  {
    id: 'senior',
    share: 0.25,
    payChance: { email: 0.06, sms: 0.07, letter: 0.3, voice: 0.2 },
    smsConsent: 0.3,
    hasEmail: 0.6,
    mobile: 0.2,
    bestHours: [8, 12],
    ageBand: '65+',
  },
];

/** What one message costs in the simulation (EUR): a typical price list for e-mail, SMS, a posted letter, a call. */
export const simulatedMessageCosts: Record<Channel, number> = { email: 0.01, sms: 0.08, letter: 0.95, voice: 0.12 };

export const meanDaysToPay: Record<Channel, number> = { email: 5.5 / 3.5, sms: 1, letter: 5.5, voice: 1 };
const ageBands = ['18-34', '35-64', '65+'];
const languages = ['de', 'nl', 'en'];

export interface SimulatedDebtor {
  index: number;
  type: DebtorTypeId;
  ageBand: string;
  language: string;
  hasEmail: boolean;
  smsConsent: boolean;
  device: 'mobile' | 'desktop';
}

export interface SimulatedCase {
  index: number;
  debtor: SimulatedDebtor;
  amountMinor: number;
}

/** Debtor `index` of the population of `seed`. */
export function simulatedDebtor(seed: number, index: number): SimulatedDebtor {
  const random = seededRandom(seedFrom('debtor', seed, index));
  const pick = random();
  let type = debtorTypes.at(-1)!;
  let cumulative = 0;
  for (const candidate of debtorTypes) {
    cumulative += candidate.share;
    if (pick < cumulative) {
      type = candidate;
      break;
    }
  }
  const ageBand = random() < 0.8 ? type.ageBand : ageBands[Math.floor(random() * ageBands.length)]!;
  return {
    index,
    type: type.id,
    ageBand,
    language: languages[Math.floor(random() * languages.length)]!,
    hasEmail: random() < type.hasEmail,
    smsConsent: random() < type.smsConsent,
    device: random() < type.mobile ? 'mobile' : 'desktop',
  };
}

/** Case `index`: 30 % of cases belong to a debtor seen before (history matters), the rest to a new one. */
export function simulatedCase(seed: number, index: number, debtorsSoFar: number): SimulatedCase {
  const random = seededRandom(seedFrom('case', seed, index));
  const returning = debtorsSoFar > 0 && random() < 0.3;
  const debtorIndex = returning ? Math.floor(random() * debtorsSoFar) : debtorsSoFar;
  // Log-uniform amounts from 10 to 3,000.
  const amountMinor = Math.round(1000 * 300 ** random());
  return { index, debtor: simulatedDebtor(seed, debtorIndex), amountMinor };
}

function typeOf(id: DebtorTypeId): DebtorType {
  return debtorTypes.find((type) => type.id === id)!;
}

/** Whether the debtor can receive the channel (the simulation's consent and contact data). */
export function canReceive(debtor: SimulatedDebtor, channel: Channel): boolean {
  if (channel === 'email') return debtor.hasEmail;
  if (channel === 'sms' || channel === 'voice') return debtor.smsConsent;
  return true;
}

/** The true chance that a message on `channel` at local `hour` makes the case pay (at some point). */
export function truePayChance(simulated: SimulatedCase, channel: Channel, hour: number): number {
  const type = typeOf(simulated.debtor.type);
  let chance = type.payChance[channel];
  if (simulated.amountMinor < 5_000) chance *= 1.2;
  if (simulated.amountMinor > 100_000) chance *= 0.7;
  if (hour >= type.bestHours[0] && hour < type.bestHours[1]) chance *= 1.3;
  return Math.min(chance, 0.95);
}

/** The chance that a payment after `channel` comes within `days` (exponential delays). */
export function paidWithin(channel: Channel, days: number): number {
  return 1 - Math.exp(-days / meanDaysToPay[channel]);
}

export interface Outcome {
  paid: boolean;
  /** Days from the message to the payment, when paid. */
  days: number | null;
  opened: boolean;
}

/**
 * What happens when the case gets a message on the channel: the same for every policy that makes
 * the same choice (common random numbers), so policies are compared on equal luck.
 */
export function outcomeOf(seed: number, simulated: SimulatedCase, channel: Channel, hour: number): Outcome {
  const random = seededRandom(seedFrom('outcome', seed, simulated.index, channel));
  const paid = random() < truePayChance(simulated, channel, hour);
  const delay = -Math.log(1 - random()) * meanDaysToPay[channel];
  const opened = channel === 'email' && random() < (paid ? 0.9 : 0.35);
  return { paid, days: paid ? delay : null, opened };
}

/** The expected reward of a channel: the chance of being paid within the reward window. */
export function expectedReward(simulated: SimulatedCase, channel: Channel, hour: number, windowDays: number): number {
  return truePayChance(simulated, channel, hour) * paidWithin(channel, windowDays);
}
