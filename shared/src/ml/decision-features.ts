/**
 * The features the best-channel policy learns from, each a yes/no fact about a case at the
 * moment a message goes out (or a decision is made): its amount band, how long it is overdue,
 * the debtor's language, how the debtor responded to earlier messages per channel, how long
 * since the last contact, the device of the last paylink visit, and the debtor's attributes from
 * the ERP. Binary features keep the model explainable: each has a weight per channel, and a
 * decision's "why" is the features that pushed it most. Training and deciding build the same
 * {@link DecisionContext} (runtime/src/ml/decision-contexts.ts) and the same features from it.
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';

export const ChannelResponse = z.object({
  /** A message went out on the channel before. */
  sent: z.boolean(),
  opened: z.boolean(),
  clicked: z.boolean(),
  /** A case of the debtor was paid within the reward window after a message on the channel. */
  paidAfter: z.boolean(),
});
export type ChannelResponse = z.infer<typeof ChannelResponse>;

export const PaylinkDevice = z.enum(['mobile', 'desktop']);
export type PaylinkDevice = z.infer<typeof PaylinkDevice>;

/** What the policy knows about a case at a moment. */
export const DecisionContext = z.object({
  amountMinor: z.number(),
  /** Days since the case's oldest due date (negative: not yet due); null without a due date. */
  daysOverdue: z.number().nullable(),
  language: z.string(),
  attributes: z.record(z.string(), z.json()),
  /** The debtor's earlier messages, per channel they went out on. */
  history: z.partialRecord(Channel, ChannelResponse),
  hoursSinceLastContact: z.number().nullable(),
  lastPaylinkDevice: PaylinkDevice.nullable(),
});
export type DecisionContext = z.infer<typeof DecisionContext>;

/** Every model has this feature: the channel's base rate. */
export const interceptFeature = 'intercept';

const amountBands = [
  { upTo: 5_000, name: 'amount:<50' },
  { upTo: 25_000, name: 'amount:50-250' },
  { upTo: 100_000, name: 'amount:250-1000' },
  { upTo: Number.POSITIVE_INFINITY, name: 'amount:>1000' },
];
const overdueBands = [
  { upTo: 14, name: 'overdue:<=14d' },
  { upTo: 30, name: 'overdue:15-30d' },
  { upTo: 60, name: 'overdue:31-60d' },
  { upTo: Number.POSITIVE_INFINITY, name: 'overdue:>60d' },
];
const contactBands = [
  { upTo: 24, name: 'last_contact:<1d' },
  { upTo: 7 * 24, name: 'last_contact:1-7d' },
  { upTo: Number.POSITIVE_INFINITY, name: 'last_contact:>7d' },
];

function band(value: number, bands: readonly { upTo: number; name: string }[]): string {
  return bands.find((entry) => value <= entry.upTo)!.name;
}

/** Attribute values that become features: short text, yes/no. */
function attributeFeature(key: string, value: unknown): string | null {
  if (typeof value === 'boolean') return `attr:${key}=${value ? 'yes' : 'no'}`;
  if (typeof value === 'string' && value.length > 0 && value.length <= 40) return `attr:${key}=${value}`;
  return null;
}

/** The names of the features that hold for a context (the intercept always does). */
export function activeFeatures(context: DecisionContext): string[] {
  const features = [interceptFeature, band(context.amountMinor, amountBands)];
  if (context.daysOverdue !== null) features.push(band(context.daysOverdue, overdueBands));
  features.push(`language:${context.language}`);
  for (const channel of Channel.options) {
    const response = context.history[channel];
    if (!response?.sent) continue;
    if (response.opened) features.push(`${channel}:opened`);
    if (response.clicked) features.push(`${channel}:clicked`);
    if (response.paidAfter) features.push(`${channel}:paid_after`);
    if (!response.opened && !response.clicked && !response.paidAfter) features.push(`${channel}:no_response`);
  }
  features.push(
    context.hoursSinceLastContact === null ? 'last_contact:never' : band(context.hoursSinceLastContact, contactBands),
  );
  features.push(`device:${context.lastPaylinkDevice ?? 'unknown'}`);
  for (const [key, value] of Object.entries(context.attributes)) {
    const feature = attributeFeature(key, value);
    if (feature) features.push(feature);
  }
  return features;
}

const channelWords: Record<Channel, string> = {
  email: 'an e-mail',
  sms: 'an SMS',
  letter: 'a letter',
  voice: 'a call',
};
const responseWords: Record<string, (channel: Channel) => string> = {
  opened: (channel) => `opened ${channelWords[channel]} before`,
  clicked: (channel) => `clicked a link in ${channelWords[channel]} before`,
  paid_after: (channel) => `paid after ${channelWords[channel]} before`,
  no_response: (channel) => `did not respond to ${channelWords[channel]} before`,
};
const fixedLabels: Record<string, string> = {
  intercept: 'base rate of the channel',
  'amount:<50': 'amount under 50',
  'amount:50-250': 'amount 50–250',
  'amount:250-1000': 'amount 250–1,000',
  'amount:>1000': 'amount over 1,000',
  'overdue:<=14d': 'overdue up to 14 days',
  'overdue:15-30d': 'overdue 15–30 days',
  'overdue:31-60d': 'overdue 31–60 days',
  'overdue:>60d': 'overdue more than 60 days',
  'last_contact:never': 'never contacted before',
  'last_contact:<1d': 'last contact less than a day ago',
  'last_contact:1-7d': 'last contact 1–7 days ago',
  'last_contact:>7d': 'last contact more than a week ago',
  'device:mobile': 'opened the paylink on a phone',
  'device:desktop': 'opened the paylink on a computer',
  'device:unknown': 'never opened the paylink',
};

/** A feature in words a collections manager reads, e.g. "opened an e-mail before". */
export function featureLabel(feature: string): string {
  const fixed = fixedLabels[feature];
  if (fixed) return fixed;
  const [kind, rest = ''] = feature.split(':', 2) as [string, string?];
  if (kind === 'language') return `language ${rest}`;
  if (kind === 'attr') return rest.replace('=', ' = ');
  const channel = Channel.safeParse(kind);
  const words = responseWords[rest];
  if (channel.success && words) return words(channel.data);
  return feature;
}
