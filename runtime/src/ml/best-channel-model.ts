/**
 * A trained best-channel model as `ml_models.model` stores it: the feature vocabulary, per
 * candidate channel the posterior of its logistic model, and per channel, device group and hour
 * of the day how often a message paid (for the send-time choice).
 */
import { Channel } from '@collectflow/shared';
import { z } from 'zod';

export const ChannelPosterior = z.object({
  mean: z.array(z.number()),
  covarianceFactor: z.array(z.array(z.number())),
  /** Messages on the channel the model learnt from, and how many were followed by a payment. */
  trials: z.number().int(),
  successes: z.number().int(),
});
export type ChannelPosterior = z.infer<typeof ChannelPosterior>;

export const HourCounts = z.object({ trials: z.number().int(), successes: z.number().int() });
export type HourCounts = z.infer<typeof HourCounts>;

/** Device groups of the send-time table (the device of the last paylink visit). */
export const SendTimeGroup = z.enum(['mobile', 'desktop', 'unknown']);
export type SendTimeGroup = z.infer<typeof SendTimeGroup>;

export const BestChannelModel = z.object({
  /** Feature names; index 0 is the intercept. */
  features: z.array(z.string()).min(1),
  channels: z.partialRecord(Channel, ChannelPosterior),
  /** Per channel and device group, 24 counts: one per hour of the day in the flow's time zone. */
  sendTimes: z.partialRecord(Channel, z.partialRecord(SendTimeGroup, z.array(HourCounts).length(24))),
});
export type BestChannelModel = z.infer<typeof BestChannelModel>;

export interface VersionedModel {
  version: number;
  model: BestChannelModel;
}
