/**
 * The bestChannel node in the real flow runtime: a worker runs the cases, the node decides, the
 * case goes on through the chosen channel's step, the decision is on the timeline and in
 * `ml_decisions`. Consent and contact data bound every choice.
 */
import type { BestChannelNodeData } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { bestChannelFlow, bestChannelNodeId } from '../ml/simulation/best-channel-flow.ts';
import { simulateLearnedPolicy } from '../ml/simulation/simulate-policies.ts';
import { publishTemplatesFor } from '../templates/testing/test-templates.ts';
import { createFlow } from './flow-queries.ts';
import { publishFlow } from './publish-flow.ts';
import {
  advanceClock,
  hours,
  timelineOf,
  useFlowWorker,
  waitForFlowToSettle,
  workspaceWithCases,
} from './testing/flow-test-kit.ts';

const db = useTestDatabase({ poolSize: 10 });
// 2030-01-08 10:00 UTC: 11:00 in Amsterdam, the flows' time zone.
const flowWorker = useFlowWorker(db);

const granted = { granted: true, at: '2026-01-01T00:00:00Z', source: 'contract' };
/** 0: everything; 1: no SMS consent; 2: no e-mail, no SMS consent; 3: nothing reachable. */
const reachability = [
  { email: 'a@example.org', sms: true, address: true },
  { email: 'b@example.org', sms: false, address: true },
  { email: null, sms: false, address: true },
  { email: null, sms: false, address: false },
];

async function casesWithReachability(copies: number) {
  return workspaceWithCases(db.pool, reachability.length * copies, (debtor, index) => {
    const reach = reachability[index % reachability.length]!;
    debtor.email = reach.email;
    debtor.consents = reach.sms ? { email: granted, sms: granted } : { email: granted };
    if (!reach.address) debtor.address = null;
  });
}

async function decisionsOf(flowId: string) {
  const { rows } = await db.pool.query<{
    case_id: string;
    channel: string | null;
    reason: string;
    model_version: number | null;
  }>(`select case_id, channel::text, reason, model_version from ml_decisions where flow_id = $1`, [flowId]);
  return new Map(rows.map((row) => [row.case_id, row]));
}

/** Creates the flow, lets `before` prepare its policy, then publishes it (which enrols the cases). */
async function publishBestChannelFlow(
  workspaceId: string,
  before?: (flowId: string) => Promise<void>,
  data: Partial<BestChannelNodeData> = {},
) {
  const draft = bestChannelFlow('Best channel', { explorationRate: 0.2, ...data });
  await publishTemplatesFor(db.pool, workspaceId, draft);
  const flow = await createFlow(db.pool, workspaceId, { name: draft.name, draft, userId: null });
  await before?.(flow.id);
  await publishFlow(db.pool, workspaceId, flow.id, { note: 'test', userId: null });
  await waitForFlowToSettle(db.pool, flow.id, 60_000);
  return flow.id;
}

describe('the bestChannel step', () => {
  it('follows the fallback order on a cold start, and sends unreachable cases through “none”', async () => {
    const { workspaceId, caseIds } = await casesWithReachability(1);
    const flowId = await publishBestChannelFlow(workspaceId);
    const decisions = await decisionsOf(flowId);
    expect(caseIds.map((caseId) => (decisions.has(caseId) ? decisions.get(caseId)!.channel : 'missing'))).toEqual([
      'email',
      'email',
      'letter',
      null,
    ]);
    expect([...decisions.values()].every((decision) => decision.model_version === null)).toBe(true);
    expect(decisions.get(caseIds[0]!)!.reason).toBe('cold_start');
    expect(decisions.get(caseIds[3]!)!.reason).toBe('unreachable');

    const timeline = await timelineOf(db.pool, caseIds[2]!);
    expect(timeline).toContainEqual(
      expect.objectContaining({
        type: 'flow.step',
        payload: expect.objectContaining({
          nodeId: bestChannelNodeId,
          handle: 'letter',
          reason: 'cold_start',
          modelVersion: null,
        }),
      }),
    );
    expect(await timelineOf(db.pool, caseIds[3]!)).toContainEqual(
      expect.objectContaining({ type: 'flow.exited', payload: expect.objectContaining({ reason: 'unreachable' }) }),
    );
    const { rows: messages } = await db.pool.query<{ case_id: string; channel: string }>(
      'select case_id, channel::text from messages where workspace_id = $1',
      [workspaceId],
    );
    expect(new Map(messages.map((message) => [message.case_id, message.channel]))).toEqual(
      new Map([
        [caseIds[0], 'email'],
        [caseIds[1], 'email'],
        [caseIds[2], 'letter'],
      ]),
    );
  }, 120_000);

  it('decides by its trained model — never on a channel without consent or address — and explains why', async () => {
    // A model trained on a simulated population (in its own workspace), given to this flow's node.
    const simulation = await simulateLearnedPolicy(db.pool, {
      seed: 5,
      days: 14,
      casesPerDay: 60,
      rewardWindowDays: 5,
      explorationRate: 0.1,
    });
    const { workspaceId, caseIds } = await casesWithReachability(10);
    const flowId = await publishBestChannelFlow(workspaceId, async (id) => {
      await db.pool.query(
        `insert into ml_models (workspace_id, flow_id, node_id, version, window_start, window_end, reward_window_days, seed,
                                sample_size, positives, model, metrics)
         select $1, $2, node_id, 1, window_start, window_end, reward_window_days, seed, sample_size, positives, model, metrics
           from ml_models where workspace_id = $3 order by version desc limit 1`,
        [workspaceId, id, simulation.workspaceId],
      );
    });
    const decisions = await decisionsOf(flowId);
    expect(decisions.size).toBe(40);
    caseIds.forEach((caseId, index) => {
      const decision = decisions.get(caseId)!;
      const reach = reachability[index % reachability.length]!;
      if (!reach.sms) expect(decision.channel).not.toBe('sms');
      if (!reach.email) expect(decision.channel).not.toBe('email');
      if (!reach.address) expect(decision).toMatchObject({ channel: null, reason: 'unreachable' });
      else expect(decision).toMatchObject({ model_version: 1, reason: expect.stringMatching(/^(model|exploration)$/) });
    });
    const step = (await timelineOf(db.pool, caseIds[0]!)).find(
      (event) => event.type === 'flow.step' && event.payload.nodeId === bestChannelNodeId,
    );
    expect(step?.payload).toMatchObject({ modelVersion: 1, chances: expect.any(Object) });
    expect(Object.keys(step!.payload.chances as object).sort()).toEqual(['email', 'letter', 'sms']);
    if (step!.payload.reason === 'model') {
      expect((step!.payload.topFeatures as unknown[]).length).toBeGreaterThan(0);
    }
  }, 240_000);

  it('takes the fixed rule when the model page switched the node back', async () => {
    const { workspaceId, caseIds } = await casesWithReachability(2);
    const flowId = await publishBestChannelFlow(workspaceId, async (id) => {
      await db.pool.query(
        `insert into ml_policy_modes (workspace_id, flow_id, node_id, mode) values ($1, $2, $3, 'fixed')`,
        [workspaceId, id, bestChannelNodeId],
      );
    });
    const decisions = await decisionsOf(flowId);
    expect(caseIds.map((caseId) => decisions.get(caseId)?.reason)).toEqual([
      'fixed_rule',
      'fixed_rule',
      'fixed_rule',
      'unreachable',
      'fixed_rule',
      'fixed_rule',
      'fixed_rule',
      'unreachable',
    ]);
  }, 120_000);

  it('waits for the hour the model learnt works best, within quiet hours, then sends', async () => {
    const simulation = await simulateLearnedPolicy(db.pool, {
      seed: 6,
      days: 12,
      casesPerDay: 40,
      rewardWindowDays: 5,
      explorationRate: 0.1,
    });
    const { workspaceId, caseIds } = await casesWithReachability(1);
    const flowId = await publishBestChannelFlow(
      workspaceId,
      async (id) => {
        // The simulated model, with send-time counts saying 15:00 pays four times as often as other hours.
        await db.pool.query(
          `insert into ml_models (workspace_id, flow_id, node_id, version, window_start, window_end, reward_window_days, seed,
                                  sample_size, positives, model, metrics)
           select $1, $2, node_id, 1, window_start, window_end, reward_window_days, seed, sample_size, positives,
                  jsonb_set(model, '{sendTimes}', (
                    select jsonb_object_agg(channel, jsonb_build_object(
                             'mobile', hours, 'desktop', hours, 'unknown', hours))
                      from unnest(array['email', 'sms', 'letter']) channel,
                           (select jsonb_agg(jsonb_build_object('trials', 400, 'successes', case when h = 15 then 200 else 50 end)
                                              order by h) as hours
                              from generate_series(0, 23) h) counts)),
                  metrics
             from ml_models where workspace_id = $3 order by version desc limit 1`,
          [workspaceId, id, simulation.workspaceId],
        );
      },
      { chooseSendTime: true, explorationRate: 0 },
    );
    // The reachable cases wait at the step until 15:00 Amsterdam (14:00 UTC); the unreachable one has left.
    const { rows: waiting } = await db.pool.query<{ case_id: string; node_id: string; wake_at: Date }>(
      `select case_id, node_id, wake_at from runs where flow_id = $1 and status = 'active' order by case_id`,
      [flowId],
    );
    expect(waiting).toHaveLength(3);
    for (const run of waiting) {
      expect(run.node_id).toBe(bestChannelNodeId);
      expect(run.wake_at.toISOString()).toBe('2030-01-08T14:00:00.000Z');
    }
    expect(await timelineOf(db.pool, caseIds[0]!)).toContainEqual(
      expect.objectContaining({ type: 'flow.waiting', payload: expect.objectContaining({ reason: 'send_time' }) }),
    );

    await advanceClock(db.pool, flowWorker.clock, hours(4));
    await waitForFlowToSettle(db.pool, flowId, 60_000);
    const step = (await timelineOf(db.pool, caseIds[0]!)).find(
      (event) => event.type === 'flow.step' && event.payload.nodeId === bestChannelNodeId,
    );
    expect(step?.payload).toMatchObject({ sendHour: 15, reason: 'model', modelVersion: 1 });
    const { rows: sent } = await db.pool.query<{ count: number }>(
      `select count(*)::int as count from messages where workspace_id = $1`,
      [workspaceId],
    );
    expect(sent[0]!.count).toBe(3);
  }, 240_000);
});
