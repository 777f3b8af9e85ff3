/**
 * Crash safety: a worker process killed with SIGKILL in the middle of 10,000 runs leaves
 * nothing stranded and nothing doubled. A new worker releases the dead one's jobs at once,
 * every run finishes, and every message reaches the (sandbox) provider exactly once — also the
 * ones whose hand-over the kill interrupted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { collectflowBin } from '../db/testing/test-cluster.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { insertBulkCases } from '../demo/bulk-cases.ts';
import { oneMailFlow, publishDraft, runCounts, waitFor } from '../flows/testing/flow-test-kit.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';

const db = useTestDatabase();
const children: ChildProcess[] = [];

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, [collectflowBin, 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: db.connectionString,
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '8',
      SANDBOX_LATENCY_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`worker exited with ${code}:\n${output.join('')}`);
  });
  children.push(child);
  return child;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
});

describe('a worker killed mid-way', () => {
  it('leaves every run to finish and no message handed over twice', async () => {
    const total = 10_000;
    const { id: workspaceId } = await createWorkspace(db.pool, 'Crash');
    await insertBulkCases(db.pool, workspaceId, { count: total });
    const flowId = await publishDraft(db.pool, workspaceId, oneMailFlow('One reminder'));
    const finished = async () => (await runCounts(db.pool, flowId)).completed ?? 0;

    const started = Date.now();
    const first = startWorkerProcess();
    await waitFor(async () => (await finished()) >= total / 4, 'a quarter of the runs to finish', 120_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await finished();
    const killedAt = Date.now();
    expect(atKill).toBeLessThan(total);

    startWorkerProcess();
    await waitFor(async () => (await finished()) === total, 'every run to finish after the restart', 180_000);

    const interrupted = await db.pool.query<{ count: number }>(
      `select count(*)::int as count from (select message_id from message_dispatches group by message_id having count(*) > 1) d`,
    );
    console.info(
      `crash test: ${atKill} runs done when killed after ${killedAt - started} ms; all ${total} done ${Date.now() - killedAt} ms after; ` +
        `${interrupted.rows[0]!.count} hand-overs interrupted and retried`,
    );
    expect(await runCounts(db.pool, flowId)).toEqual({ completed: total });
    const { rows } = await db.pool.query<{ messages: number; sent: number; handovers: number; handed: number }>(
      `select (select count(*) from messages where workspace_id = $1)::int as messages,
              (select count(*) from messages where workspace_id = $1 and status = 'sent')::int as sent,
              (select count(*) from sandbox_deliveries where workspace_id = $1)::int as handovers,
              (select count(distinct message_id) from sandbox_deliveries where workspace_id = $1)::int as handed`,
      [workspaceId],
    );
    expect(rows[0]).toEqual({ messages: total, sent: total, handovers: total, handed: total });
  }, 400_000);
});
