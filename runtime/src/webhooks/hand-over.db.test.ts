/**
 * A flow hands a case over to a collection agency, end to end with the worker: the ERP is
 * notified on the way, the case is closed and leaves every flow, and the receiver gets a signed
 * `case.handed_over` webhook whose body is the whole case file.
 */
import { WebhookBody } from '@collectflow/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import {
  draft,
  publishDraft,
  runsOfCase,
  timelineOf,
  useFlowWorker,
  waitFor,
  waitForFlowToSettle,
  workspaceWithCases,
} from '../flows/testing/flow-test-kit.ts';
import { testSecretKey } from '../http/trpc/testing/callers.ts';
import { startWebhookReceiver } from './testing/webhook-receiver.ts';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature.ts';
import { createWebhook } from './webhook-subscriptions.ts';

const db = useTestDatabase();
useFlowWorker(db);
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe('hand-over to a collection agency', () => {
  it('notifies the ERP, closes the case and sends the agency the case file', async () => {
    const { workspaceId, caseIds, debtors } = await workspaceWithCases(db.pool, 1);
    const { secret } = await createWebhook(
      db.pool,
      testSecretKey,
      workspaceId,
      { url: receiver.url, events: ['erp.notified', 'case.handed_over'] },
      null,
    );
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Hand over',
        [
          ['start', 'entry'],
          ['notify', 'action', { kind: 'notifyErp', topic: 'final_notice_sent', note: 'Last letter went out' }],
          ['agency', 'action', { kind: 'handOver', agency: 'Incasso Noord', note: 'No reaction to three reminders' }],
        ],
        [
          ['start', 'out', 'notify'],
          ['notify', 'out', 'agency'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const caseId = caseIds[0]!;
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'completed', exit_reason: 'handed_over' }]);
    const { rows } = await db.pool.query('select status::text from cases where id = $1', [caseId]);
    expect(rows).toEqual([{ status: 'closed' }]);
    const types = (await timelineOf(db.pool, caseId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['erp.notified', 'case.handed_over']));

    await waitFor(async () => receiver.received.length >= 2, 'both webhooks delivered');
    const bodies = receiver.received.map((request) => {
      expect(verifyWebhookSignature(secret, request.headers[signatureHeader] as string, request.body)).toEqual({
        ok: true,
      });
      return WebhookBody.parse(JSON.parse(request.body));
    });
    const notified = bodies.find((body) => body.type === 'erp.notified')!;
    expect(notified.data).toMatchObject({ topic: 'final_notice_sent', note: 'Last letter went out' });
    const handedOver = bodies.find((body) => body.type === 'case.handed_over')!;
    expect(handedOver.data).toMatchObject({ agency: 'Incasso Noord', note: 'No reaction to three reminders' });
    expect(handedOver.case).toMatchObject({ id: caseId, status: 'closed' });
    expect(handedOver.caseFile!.debtor).toMatchObject({ externalId: debtors[0]!.externalId, email: debtors[0]!.email });
    expect(handedOver.caseFile!.invoices.length).toBeGreaterThan(0);
    expect(handedOver.caseFile!.timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining(['case.opened', 'flow.entered', 'erp.notified', 'case.handed_over']),
    );
  });
});
