import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../db/testing/use-test-database.ts';
import { trainBestChannel } from '../train-best-channel.ts';
import { bestChannelNodeId } from './best-channel-flow.ts';
import { oracle, preferring, simulateFixedPolicy, simulateLearnedPolicy, uniformRandom } from './simulate-policies.ts';

const db = useTestDatabase();
const options = { seed: 11, days: 24, casesPerDay: 80, rewardWindowDays: 5, explorationRate: 0.1 };
const rate = (decisions: { paid: boolean }[]) =>
  decisions.filter((decision) => decision.paid).length / decisions.length;

describe('the best-channel policy on a simulated population', () => {
  it('starts on its fallback order, learns from the history it writes, and beats the fixed rules', async () => {
    const learned = await simulateLearnedPolicy(db.pool, options);
    expect(learned.decisions).toHaveLength(24 * 80);
    // Days 0–5: no message has had its reward window yet, so the policy follows the fallback order.
    const { rows: reasons } = await db.pool.query<{ reason: string; first_day: Date; count: number }>(
      `select reason, min(decided_at) as first_day, count(*)::int as count from ml_decisions
        where workspace_id = $1 group by reason order by min(decided_at)`,
      [learned.workspaceId],
    );
    expect(reasons[0]!.reason).toBe('cold_start');
    expect(reasons.map((row) => row.reason)).toEqual(expect.arrayContaining(['model', 'exploration']));
    expect(learned.modelVersions).toBeGreaterThan(10);
    const { rows: models } = await db.pool.query<{ version: number; sample_size: number; metrics: { auc: number } }>(
      `select version, sample_size, metrics from ml_models where workspace_id = $1 order by version`,
      [learned.workspaceId],
    );
    expect(models.at(-1)!.sample_size).toBeGreaterThan(models[0]!.sample_size);
    // Better than guessing (0.5) on the held-out messages; the hold-out depends on the flow's id.
    expect(models.at(-1)!.metrics.auc).toBeGreaterThan(0.55);

    // The last week, after learning: better than always e-mail and than uniform random.
    const lastWeek = (decisions: { day: number; paid: boolean }[]) =>
      decisions.filter((decision) => decision.day >= 17);
    const learnedRate = rate(lastWeek(learned.decisions));
    expect(learnedRate).toBeGreaterThan(rate(lastWeek(simulateFixedPolicy(options, preferring('email', 'letter')))));
    expect(learnedRate).toBeGreaterThan(rate(lastWeek(simulateFixedPolicy(options, uniformRandom))));
    expect(learnedRate).toBeLessThanOrEqual(rate(lastWeek(simulateFixedPolicy(options, oracle))) + 0.05);
  }, 240_000);

  it('retrains reproducibly: the same data and seed give the same model, another seed another hold-out', async () => {
    const learned = await simulateLearnedPolicy(db.pool, { ...options, days: 12, seed: 12 });
    const spec = {
      workspaceId: learned.workspaceId,
      flowId: learned.flowId,
      nodeId: bestChannelNodeId,
      candidates: ['email', 'sms', 'letter'] as const,
      rewardWindowDays: 5,
      timezone: 'Europe/Amsterdam',
      now: new Date('2026-01-17T08:00:00Z'),
      seed: 99,
    };
    const first = await trainBestChannel(db.pool, spec);
    const second = await trainBestChannel(db.pool, spec);
    expect(first).not.toBeNull();
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const reseeded = await trainBestChannel(db.pool, { ...spec, seed: 100 });
    expect(reseeded!.model.features).toEqual(first!.model.features);
    expect(reseeded!.sampleSize).toBe(first!.sampleSize);
    expect(reseeded!.metrics.holdout).not.toBe(first!.metrics.holdout);
  }, 240_000);
});
