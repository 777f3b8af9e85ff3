/** POST /api/v1/debtors: create or update up to 10,000 debtors; all or nothing. */
import { DebtorBatch, type DebtorUpsertResult } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { upsertDebtors } from '../../debtors/upsert-debtors.ts';
import { enrolIntoActiveFlows } from '../../enrolment/enrol-into-active-flows.ts';
import { type ApiContext, batchBodyLimit, idempotencyKeyOf, requireScope } from './api-context.ts';
import { idempotentWrite } from './idempotency.ts';
import { sendWrite } from './send-write.ts';

export function debtorsEndpoint(app: FastifyInstance, { pool, definitions }: ApiContext): void {
  app.post('/debtors', { bodyLimit: batchBodyLimit }, async (request, reply) => {
    const caller = requireScope(request, 'debtors:write');
    const { items } = DebtorBatch.parse(request.body);
    const result = await idempotentWrite(
      pool,
      caller.workspaceId,
      idempotencyKeyOf(request),
      { method: 'POST', path: '/debtors', body: request.body },
      async (client) => {
        const upserted = await upsertDebtors(client, caller.workspaceId, items);
        // Changed contact data, language or attributes may let open cases into flows.
        await enrolIntoActiveFlows(client, definitions, caller.workspaceId, upserted.openCaseIds, new Date());
        return { status: 200, body: { items: upserted.items } satisfies DebtorUpsertResult };
      },
    );
    return sendWrite(reply, result);
  });
}
