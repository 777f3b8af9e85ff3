/**
 * Best channel: a learned policy picks, per case, the candidate channel most likely to make this
 * debtor pay (see docs/machine-learning.md). Each candidate has an output leading to that
 * channel's step; `none` takes the cases no candidate can reach (no consent, no address). The
 * order of the candidates is also the fallback order: before a model is trained, or when the
 * model page switches the node to its fixed rule, a case takes the first candidate it can
 * receive.
 */
import { z } from 'zod';
import { Channel } from '../../debtors/channel.ts';
import { type NodeHandle, type NodeTypeDefinition, nodeSchema } from '../node-type.ts';

/** What a payment is worth to the policy: a payment, its amount, or its amount less the message's cost. */
export const BestChannelObjective = z.enum(['payment', 'amount', 'amountMinusCost']);
export type BestChannelObjective = z.infer<typeof BestChannelObjective>;

export const bestChannelObjectiveLabels: Record<BestChannelObjective, string> = {
  payment: 'Most payments',
  amount: 'Most money collected',
  amountMinusCost: 'Most money collected, less message costs',
};

export const BestChannelNodeData = z.object({
  /** The channels to choose from, in fallback order. */
  candidates: z
    .array(Channel)
    .min(2, { message: 'Give the policy at least two channels to choose from.' })
    .max(4)
    .refine((channels) => new Set(channels).size === channels.length, { message: 'List each channel once.' }),
  /** Share of cases sent on a random reachable candidate, so the model keeps learning about all of them. */
  explorationRate: z.number().min(0).max(0.5, { message: 'Explore with at most 50 % of the cases.' }).default(0.1),
  /** A message counts as a success when the case is paid within this many days of it. */
  rewardWindowDays: z.number().int().min(1).max(60).default(14),
  objective: BestChannelObjective.default('payment'),
  /** Also pick the hour of sending (within the flow's quiet-hour rules) with the best learnt response. */
  chooseSendTime: z.boolean().default(false),
});
export type BestChannelNodeData = z.infer<typeof BestChannelNodeData>;

const channelHandleLabels: Record<Channel, string> = {
  email: 'E-mail',
  sms: 'SMS',
  letter: 'Letter',
  voice: 'Phone call',
};

/** The output of cases that no candidate can reach. */
export const noReachableChannelHandle: NodeHandle = { id: 'none', label: 'No channel possible' };

export const bestChannelNodeType = {
  type: 'bestChannel',
  label: 'Best channel',
  description: 'Let Collectflow learn which channel makes each debtor pay, and send each case on it.',
  category: 'logic',
  icon: 'sparkles',
  data: BestChannelNodeData,
  defaultData: {
    candidates: ['email', 'sms', 'letter'],
    explorationRate: 0.1,
    rewardWindowDays: 14,
    objective: 'payment',
    chooseSendTime: false,
  },
  handles: (data) => [
    ...data.candidates.map((channel) => ({ id: channel, label: channelHandleLabels[channel] })),
    noReachableChannelHandle,
  ],
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'bestChannel', typeof BestChannelNodeData>;

export const BestChannelNode = nodeSchema(bestChannelNodeType);
export type BestChannelNode = z.infer<typeof BestChannelNode>;
