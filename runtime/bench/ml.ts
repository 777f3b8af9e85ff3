/**
 * `pnpm bench ml`: the best-channel policy against simple baselines on one simulated population
 * (src/ml/simulation/debtor-population.ts), over simulated weeks:
 *
 *   (a) always e-mail (letter when there is no address)
 *   (b) the best single channel in hindsight (each channel tried, the best kept)
 *   (c) uniform random among the channels the debtor can receive
 *   (d) the bestChannel node: trained every simulated morning from the history it wrote itself
 *
 * Each sends one reminder per case, so they compare at an equal number of messages; (d2) is the
 * same node aiming for money collected less message costs (the simulation's price list). Payment means
 * paid within the node's reward window. Regret is against the oracle that knows each debtor's true
 * chances; per week it should fall as the model learns. The decision's own cost is timed against
 * a baseline in the same run: reading the case's segment facts, the least any step reads.
 */
import type { Pool } from '../src/db/pool.ts';
import { bestChannelNodeId } from '../src/ml/simulation/best-channel-flow.ts';
import { simulatedMessageCosts } from '../src/ml/simulation/debtor-population.ts';
import {
  oracle,
  preferring,
  type SimulatedDecision,
  type SimulationOptions,
  simulateFixedPolicy,
  simulateLearnedPolicy,
  uniformRandom,
} from '../src/ml/simulation/simulate-policies.ts';
import { loadSegmentFacts } from '../src/segments/case-facts.ts';
import { percentile } from './flow-throughput.ts';

export interface PolicySummary {
  name: string;
  paymentRate: number;
  meanDaysToPay: number;
  costPerCase: number;
  /** Money collected within the window less message costs, per case (EUR). */
  netPerCase: number;
  /** Mean regret per case against the oracle, per simulated week. */
  weeklyRegret: number[];
}

export interface MlBenchResult {
  options: SimulationOptions;
  policies: PolicySummary[];
  bestSingle: string;
  decisionP50Ms: number;
  decisionP95Ms: number;
  baselineP50Ms: number;
  trainingP50Ms: number;
  trainingMaxMs: number;
  modelVersions: number;
  lastModel: { sampleSize: number; auc: number | null; logLoss: number | null; baseRateLogLoss: number | null };
}

export function summarise(name: string, decisions: readonly SimulatedDecision[]): PolicySummary {
  const paid = decisions.filter((decision) => decision.paid);
  const weeks = Math.ceil((Math.max(...decisions.map((decision) => decision.day)) + 1) / 7);
  const weeklyRegret = Array.from({ length: weeks }, (_, week) => {
    const ofWeek = decisions.filter((decision) => Math.floor(decision.day / 7) === week);
    return ofWeek.reduce((sum, decision) => sum + decision.oracle - decision.expected, 0) / ofWeek.length;
  });
  const costPerCase =
    decisions.reduce((sum, decision) => sum + (decision.channel ? simulatedMessageCosts[decision.channel] : 0), 0) /
    decisions.length;
  const collectedPerCase =
    decisions.reduce((sum, decision) => sum + decision.collectedMinor, 0) / decisions.length / 100;
  return {
    name,
    paymentRate: paid.length / decisions.length,
    meanDaysToPay: paid.reduce((sum, decision) => sum + decision.daysToPay!, 0) / Math.max(paid.length, 1),
    costPerCase,
    netPerCase: collectedPerCase - costPerCase,
    weeklyRegret,
  };
}

export async function measureMl(pool: Pool, options: SimulationOptions): Promise<MlBenchResult> {
  const singles = (['email', 'sms', 'letter'] as const).map((channel) =>
    summarise(`only ${channel}`, simulateFixedPolicy(options, preferring(channel, 'email', 'letter'))),
  );
  const bestSingle = singles.reduce((best, entry) => (entry.paymentRate > best.paymentRate ? entry : best));
  const learned = await simulateLearnedPolicy(pool, options);
  const costAware = await simulateLearnedPolicy(pool, { ...options, objective: 'amountMinusCost' });

  // Baseline: the segment facts of the same cases, read one by one like the decisions.
  const { rows: cases } = await pool.query<{ id: string }>(
    'select id from cases where workspace_id = $1 order by opened_at desc limit 500',
    [learned.workspaceId],
  );
  const baseline: number[] = [];
  for (const { id } of cases) {
    const started = performance.now();
    await loadSegmentFacts(pool, learned.workspaceId, id);
    baseline.push(performance.now() - started);
  }
  const { rows: models } = await pool.query<{ sample_size: number; metrics: MlBenchResult['lastModel'] }>(
    `select sample_size, metrics from ml_models where workspace_id = $1 and node_id = $2 order by version desc limit 1`,
    [learned.workspaceId, bestChannelNodeId],
  );
  const lastModel = models[0];
  const sortedTraining = [...learned.trainingMs].sort((a, b) => a - b);
  return {
    options,
    policies: [
      summarise('(a) always e-mail', simulateFixedPolicy(options, preferring('email', 'letter'))),
      { ...bestSingle, name: `(b) best single channel: ${bestSingle.name}` },
      summarise('(c) uniform random', simulateFixedPolicy(options, uniformRandom)),
      summarise('(d) bestChannel', learned.decisions),
      summarise('(d2) bestChannel aiming for money less costs', costAware.decisions),
      summarise('oracle (knows the truth)', simulateFixedPolicy(options, oracle)),
    ],
    bestSingle: bestSingle.name,
    decisionP50Ms: percentile(learned.decisionMs, 0.5),
    decisionP95Ms: percentile(learned.decisionMs, 0.95),
    baselineP50Ms: percentile(baseline, 0.5),
    trainingP50Ms: percentile(sortedTraining, 0.5),
    trainingMaxMs: sortedTraining.at(-1) ?? 0,
    modelVersions: learned.modelVersions,
    lastModel: {
      sampleSize: lastModel?.sample_size ?? 0,
      auc: lastModel?.metrics.auc ?? null,
      logLoss: lastModel?.metrics.logLoss ?? null,
      baseRateLogLoss: lastModel?.metrics.baseRateLogLoss ?? null,
    },
  };
}
