/**
 * An A/B split that shifts traffic to the winner, in the real runtime: the first cases split by
 * the weights; once one variant's cases pay, the training cron's shares send most new cases to
 * it, never less than the minimum share to the other.
 */
import { describe, expect, it } from 'vitest';
import { refreshAllRunAnalytics } from '../analytics/refresh-run-analytics.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { trainPolicies } from '../ml/train-policies.ts';
import { publishFlow } from './publish-flow.ts';
import {
  casesOf,
  draft,
  payCaseInFull,
  publishDraft,
  seedDebtors,
  useFlowWorker,
  waitForFlowToSettle,
  workspaceWithCases,
} from './testing/flow-test-kit.ts';

const db = useTestDatabase({ poolSize: 10 });
useFlowWorker(db);

const banditFlow = draft(
  'Bandit',
  [
    ['start', 'entry'],
    [
      'split',
      'abSplit',
      {
        variants: [
          { id: 'a', label: 'Friendly', weight: 50 },
          { id: 'b', label: 'Firm', weight: 50 },
        ],
        shiftToWinner: { minimumShare: 10 },
      },
    ],
    ['wait', 'wait', { kind: 'duration', amount: 30, unit: 'days' }],
    ['end', 'exit'],
  ],
  [
    ['start', 'out', 'split'],
    ['split', 'a', 'wait'],
    ['split', 'b', 'wait'],
    ['wait', 'out', 'end'],
  ],
);

async function variantsOf(flowId: string): Promise<Map<string, string>> {
  const { rows } = await db.pool.query<{ case_id: string; handle: string }>(
    `select r.case_id, e.payload ->> 'handle' as handle
       from runs r join events e on e.case_id = r.case_id and e.type = 'flow.step' and e.payload ->> 'runId' = r.id::text
      where r.flow_id = $1 and e.payload ->> 'nodeId' = 'split'`,
    [flowId],
  );
  return new Map(rows.map((row) => [row.case_id, row.handle]));
}

describe('an A/B split that shifts traffic to the winner', () => {
  it('splits by weight at first, then sends most new cases to the variant that pays', async () => {
    const { workspaceId } = await workspaceWithCases(db.pool, 40);
    const flowId = await publishDraft(db.pool, workspaceId, banditFlow);
    await waitForFlowToSettle(db.pool, flowId, 60_000);
    const first = await variantsOf(flowId);
    expect(first.size).toBe(40);
    const firstB = [...first.values()].filter((handle) => handle === 'b').length;
    expect(firstB).toBeGreaterThan(8);
    expect(firstB).toBeLessThan(32);

    // Everyone on “Firm” pays; nobody on “Friendly”.
    for (const [caseId, handle] of first) if (handle === 'b') await payCaseInFull(db.pool, workspaceId, caseId);
    await refreshAllRunAnalytics(db.pool);
    const reports = await trainPolicies(db.pool, { workspaceId, now: new Date(Date.now() + 20 * 86_400_000) });
    expect(reports).toEqual([expect.objectContaining({ flowId, nodeId: 'split', kind: 'abSplit' })]);
    const { rows } = await db.pool.query<{ shares: Record<string, number>; basis: Record<string, unknown> }>(
      'select shares, basis from ml_split_allocations where flow_id = $1',
      [flowId],
    );
    expect(rows[0]!.basis).toEqual({ a: { cases: 40 - firstB, paid: 0 }, b: { cases: firstB, paid: firstB } });
    expect(rows[0]!.shares.b).toBeGreaterThan(89);
    expect(rows[0]!.shares.a).toBeGreaterThanOrEqual(10);

    // New cases, enrolled by a new version: about nine in ten get “Firm”.
    await seedDebtors(db.pool, workspaceId, 60, {
      seed: 77,
      adjust: (debtor) => {
        debtor.externalId = `NEW-${debtor.externalId}`;
        for (const invoice of debtor.invoices) invoice.externalId = `NEW-${invoice.externalId}`;
      },
    });
    const before = new Set(await casesOf(db.pool, workspaceId));
    await publishFlow(db.pool, workspaceId, flowId, { note: 'again', userId: null });
    await waitForFlowToSettle(db.pool, flowId, 60_000);
    const second = [...(await variantsOf(flowId))].filter(([caseId]) => !first.has(caseId));
    expect(second.length).toBe(60);
    expect(before.size).toBeGreaterThan(0);
    const secondB = second.filter(([, handle]) => handle === 'b').length;
    // About 90 % (the shares): far more than the even split of the first batch.
    expect(secondB).toBeGreaterThan(45);
  }, 180_000);
});
