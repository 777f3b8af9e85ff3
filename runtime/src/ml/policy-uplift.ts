/**
 * The learnt uplift of a bestChannel node over the best single channel, estimated off-policy
 * from its own decisions: each decision made by the model or by exploring carries the chance
 * the policy had of making it (its propensity), so the payment rate that "always channel c" would
 * have had is the inverse-propensity-weighted mean over the decisions that happened to choose
 * what that rule would have (c, or the fallback when c was out of reach). The interval is the
 * normal 95 % interval of the paired per-decision differences. Cold-start and fixed-rule
 * decisions are left out: they could not have chosen otherwise.
 */
import type { Channel, PolicyUplift } from '@collectflow/shared';

export interface LoggedDecision {
  channel: Channel;
  reachable: readonly Channel[];
  propensity: number;
  paid: boolean;
}

/** What "always `channel`" would have sent this case: the channel, or the first it can receive. */
function singleRuleChoice(channel: Channel, reachable: readonly Channel[]): Channel | undefined {
  return reachable.includes(channel) ? channel : reachable[0];
}

export function policyUplift(
  decisions: readonly LoggedDecision[],
  candidates: readonly Channel[],
): PolicyUplift | null {
  const n = decisions.length;
  if (n < 30) return null;
  const policyRate = decisions.filter((decision) => decision.paid).length / n;
  const weighted = (channel: Channel, decision: LoggedDecision) =>
    decision.paid && singleRuleChoice(channel, decision.reachable) === decision.channel ? 1 / decision.propensity : 0;
  let best: { channel: Channel; rate: number } | null = null;
  for (const channel of candidates) {
    const rate = decisions.reduce((sum, decision) => sum + weighted(channel, decision), 0) / n;
    if (!best || rate > best.rate) best = { channel, rate };
  }
  if (!best) return null;
  const differences = decisions.map((decision) => (decision.paid ? 1 : 0) - weighted(best.channel, decision));
  const mean = differences.reduce((sum, value) => sum + value, 0) / n;
  const variance = differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const margin = 1.96 * Math.sqrt(variance / n);
  return {
    decisions: n,
    policyRate,
    bestSingleChannel: best.channel,
    bestSingleRate: best.rate,
    uplift: mean,
    interval: { low: mean - margin, high: mean + margin },
  };
}
