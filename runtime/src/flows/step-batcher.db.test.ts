/**
 * The step batcher: the steps of runs whose jobs run at the same moment share one read and one
 * write, and a batch goes as soon as no other job can join it.
 */
import { toFlowDefinition } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../db/pool.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolMatchingCases } from '../enrolment/enrol-cases.ts';
import type { RunEngine } from './advance-run.ts';
import { FlowDefinitions } from './flow-definitions.ts';
import { StepBatcher } from './step-batcher.ts';
import { draft, publishDraft, workspaceWithCases } from './testing/flow-test-kit.ts';

const db = useTestDatabase();

const straightThrough = draft(
  'Straight through',
  [
    ['start', 'entry'],
    ['end', 'exit'],
  ],
  [['start', 'out', 'end']],
);

/** Three enrolled runs that have not taken their first step, without a worker to run them. */
async function threeNewRuns(): Promise<string[]> {
  const { workspaceId } = await workspaceWithCases(db.pool, 3);
  const flowId = await publishDraft(db.pool, workspaceId, straightThrough);
  const definition = toFlowDefinition(straightThrough);
  if (!definition.ok) throw new Error('the test flow is not valid');
  await inTransaction(db.pool, (client) =>
    enrolMatchingCases(
      client,
      { workspaceId, flowId, version: 1, entry: definition.definition.entry.data, timezone: 'Europe/Amsterdam' },
      { now: new Date() },
    ),
  );
  const { rows } = await db.pool.query<{ id: string }>('select id from runs where flow_id = $1 order by id', [flowId]);
  return rows.map((row) => row.id);
}

const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions: new FlowDefinitions() });

const unfinished = async (runIds: string[]) =>
  (
    await db.pool.query<{ count: number }>(
      `select count(*)::int as count from runs where id = any($1::uuid[]) and status = 'active'`,
      [runIds],
    )
  ).rows[0]!.count;

describe('the step batcher', () => {
  it('waits for more runs while job slots are free, and goes the moment every slot waits', async () => {
    const runIds = await threeNewRuns();
    // A window far longer than the test: only a full set of slots can start the batch.
    const batcher = new StepBatcher(engine(), { windowMs: 600_000, jobSlots: () => 3 });

    const first = [batcher.advance(runIds[0]!), batcher.advance(runIds[1]!)];
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await unfinished(runIds)).toBe(3);

    const results = await Promise.all([...first, batcher.advance(runIds[2]!)]);
    expect(results).toEqual(['finished', 'finished', 'finished']);
    expect(await unfinished(runIds)).toBe(0);
  });

  it('advances the runs of a sender at once, in batches of at most maxBatch', async () => {
    const runIds = await threeNewRuns();
    const batcher = new StepBatcher(engine(), { windowMs: 600_000, maxBatch: 2, jobSlots: () => 10 });
    await batcher.advanceMany(runIds);
    expect(await unfinished(runIds)).toBe(0);
  });

  it('reads a batch whose run holds a garbled message reference without failing the others', async () => {
    const runIds = await threeNewRuns();
    await db.pool.query(`update runs set node_state = '{"messageId": "not-a-message"}' where id = $1`, [runIds[1]]);
    const batcher = new StepBatcher(engine(), { jobSlots: () => 3 });
    const results = await Promise.all(runIds.map((runId) => batcher.advance(runId)));
    expect(results).toEqual(['finished', 'finished', 'finished']);
  });
});
