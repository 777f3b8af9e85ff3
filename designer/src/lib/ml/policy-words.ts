/**
 * The model page's sentences: what a policy's uplift, a model's metrics and a feature's weight
 * mean, in words a collections manager reads.
 */
import type { Channel, ModelVersionSummary, PolicyUplift } from '@collectflow/shared';
import { channelDisplay } from '../templates/channel-display.ts';

const signed = (share: number) => `${share >= 0 ? '+' : '−'}${Math.abs(share * 100).toFixed(1)}`;
const points = (share: number) => `${signed(share)} points`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** E.g. "+2.4 points over always SMS (95 % interval +1.0 to +3.8 points)". */
export function upliftSentence(uplift: PolicyUplift, windowDays: number): string {
  const single = channelDisplay[uplift.bestSingleChannel].label;
  const interval = `95 % interval ${signed(uplift.interval.low)} to ${points(uplift.interval.high)}`;
  const head = `${percent(uplift.policyRate)} of cases paid within ${windowDays} days, against an estimated ${percent(uplift.bestSingleRate)} had every case gone by ${single} (the best single channel)`;
  if (uplift.interval.low > 0)
    return `${head}: ${points(uplift.uplift)} (${interval}). The policy beats the best single channel.`;
  if (uplift.interval.high < 0) {
    return `${head}: ${points(uplift.uplift)} (${interval}). The policy does worse than ${single} alone — consider switching to the fixed rule.`;
  }
  return `${head}: ${points(uplift.uplift)} (${interval}). Not yet distinguishable from the best single channel; more decisions will tell.`;
}

/** E.g. "held out 3,800 messages to test on; AUC 0.62 …; 3.4 % better log loss than …". */
export function metricsSentence(model: ModelVersionSummary, formatCount: (value: number) => string): string {
  const parts = [`held out ${formatCount(model.holdout)} messages to test on`];
  if (model.auc !== null) parts.push(`AUC ${model.auc.toFixed(2)} (0.5 is guessing, 1 is perfect)`);
  if (model.logLoss !== null && model.baseRateLogLoss !== null && model.baseRateLogLoss > 0) {
    const gain = 1 - model.logLoss / model.baseRateLogLoss;
    parts.push(
      gain >= 0
        ? `${(gain * 100).toFixed(1)} % better log loss than predicting each channel's average`
        : `${(-gain * 100).toFixed(1)} % worse log loss than predicting each channel's average`,
    );
    if (gain < 0) {
      return `${parts.join('; ')}. It does not yet predict better than each channel's average: so far it has mostly learnt which channel pays best overall.`;
    }
  }
  return `${parts.join('; ')}.`;
}

/** E.g. "×2.1" for an odds ratio above one, "×0.4" below. */
export const oddsWords = (oddsRatio: number) => `×${oddsRatio >= 10 ? oddsRatio.toFixed(0) : oddsRatio.toFixed(1)}`;

/** The fallback order in words: "E-mail → SMS → Letter". */
export const fallbackWords = (candidates: readonly Channel[]) =>
  candidates.map((channel) => channelDisplay[channel].label).join(' → ');
