import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { modelOverview, setPolicyMode } from './model-overview.ts';
import { bestChannelNodeId } from './simulation/best-channel-flow.ts';
import { simulateLearnedPolicy } from './simulation/simulate-policies.ts';

const db = useTestDatabase();
const day = 86_400_000;

describe('the model page', () => {
  it('shows the current model, its choices, its uplift with an interval, and switches to the fixed rule', async () => {
    const now = new Date();
    const start = new Date(now.getTime() - 28 * day);
    const run = await simulateLearnedPolicy(db.pool, {
      seed: 3,
      days: 28,
      casesPerDay: 60,
      rewardWindowDays: 5,
      explorationRate: 0.2,
      start,
    });
    const overview = await modelOverview(db.pool, run.workspaceId, now);
    expect(overview.splits).toEqual([]);
    expect(overview.bestChannel).toHaveLength(1);
    const node = overview.bestChannel[0]!;
    expect(node).toMatchObject({
      flowId: run.flowId,
      nodeId: bestChannelNodeId,
      nodeLabel: 'Best channel',
      candidates: ['email', 'sms', 'letter'],
      mode: 'learned',
      versions: run.modelVersions,
    });
    expect(node.model!.version).toBe(run.modelVersions);
    expect(node.model!.sampleSize).toBeGreaterThan(1000);
    expect(node.model!.channels.map((channel) => channel.channel).sort()).toEqual(['email', 'letter', 'sms']);
    expect(node.model!.channels[0]!.topFeatures[0]).toEqual({
      feature: expect.any(String),
      label: expect.any(String),
      oddsRatio: expect.any(Number),
    });
    const chosen = node.choices.reduce((sum, choice) => sum + choice.count, 0);
    expect(chosen).toBeGreaterThan(1500);
    expect(node.choices.map((choice) => choice.reason)).toEqual(expect.arrayContaining(['model', 'exploration']));
    const uplift = node.uplift!;
    expect(uplift.decisions).toBeGreaterThan(500);
    expect(uplift.interval.low).toBeLessThan(uplift.uplift);
    expect(uplift.interval.high).toBeGreaterThan(uplift.uplift);
    expect(uplift.policyRate).toBeGreaterThan(0.1);

    const { rows } = await db.pool.query<{ id: string }>(
      `insert into users (workspace_id, email, name, password_hash, role) values ($1, 'ml@example.org', 'ML', 'x', 'designer')
       returning id`,
      [run.workspaceId],
    );
    await setPolicyMode(
      db.pool,
      run.workspaceId,
      { flowId: run.flowId, nodeId: bestChannelNodeId, mode: 'fixed' },
      rows[0]!.id,
    );
    expect((await modelOverview(db.pool, run.workspaceId, now)).bestChannel[0]!.mode).toBe('fixed');
    await expect(
      setPolicyMode(db.pool, run.workspaceId, { flowId: run.flowId, nodeId: 'email', mode: 'fixed' }, rows[0]!.id),
    ).rejects.toThrow('This best-channel step is not part of an active or paused flow.');
  }, 240_000);
});
