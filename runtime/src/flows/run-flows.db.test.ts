import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { createTestWorkspace } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { startWorker, type Worker } from '../worker/worker.ts';
import { exampleFlow, publishDraft, seedDebtors, waitForFlowToSettle } from './testing/flow-test-kit.ts';

const db = useTestDatabase();
let worker: Worker;
let workspaceId: string;

beforeAll(async () => {
  workspaceId = (await createTestWorkspace(db.pool, 'Run Flows')).workspaceId;
  worker = await startWorker({ pool: db.pool, concurrency: 4, logger: createLogger('error', false) });
});
afterAll(() => worker.stop());

describe('running the benchmark flow', () => {
  it('takes every open case from entry to exit, sending through the sandbox', async () => {
    const debtors = await seedDebtors(db.pool, workspaceId, 60);
    const flowId = await publishDraft(db.pool, workspaceId, exampleFlow('benchmark'));
    const counts = await waitForFlowToSettle(db.pool, flowId, 20_000);
    expect(counts).toEqual({ completed: 60 });

    const messages = await db.pool.query<{ channel: string; status: string; count: number }>(
      `select channel::text, status::text, count(*)::int as count from messages where workspace_id = $1
        group by 1, 2 order by 1, 2`,
      [workspaceId],
    );
    const withEmail = debtors.filter((debtor) => debtor.email).length;
    const withSmsConsent = debtors.filter((debtor) => debtor.phone && debtor.consents.sms?.granted).length;
    expect(messages.rows).toEqual(
      [
        { channel: 'email', status: 'failed', count: 60 - withEmail },
        { channel: 'email', status: 'sent', count: withEmail },
        { channel: 'sms', status: 'failed', count: 60 - withSmsConsent },
        { channel: 'sms', status: 'sent', count: withSmsConsent },
      ].filter((row) => row.count > 0),
    );
    const handedOver = await db.pool.query<{ count: number; distinct: number }>(
      'select count(*)::int as count, count(distinct message_id)::int as distinct from sandbox_deliveries where workspace_id = $1',
      [workspaceId],
    );
    expect(handedOver.rows[0]).toEqual({ count: withEmail + withSmsConsent, distinct: withEmail + withSmsConsent });
  });
});
