/** POST /api/v1/invoices: create or update up to 10,000 invoices; opens, settles and enrols cases. */
import { InvoiceBatch, type InvoiceUpsertResult } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { enrolIntoActiveFlows } from '../../enrolment/enrol-into-active-flows.ts';
import { upsertInvoices } from '../../invoices/upsert-invoices.ts';
import { type ApiContext, batchBodyLimit, idempotencyKeyOf, requireScope } from './api-context.ts';
import { idempotentWrite } from './idempotency.ts';
import { sendWrite } from './send-write.ts';

export function invoicesEndpoint(app: FastifyInstance, { pool, definitions }: ApiContext): void {
  app.post('/invoices', { bodyLimit: batchBodyLimit }, async (request, reply) => {
    const caller = requireScope(request, 'invoices:write');
    const { items } = InvoiceBatch.parse(request.body);
    const result = await idempotentWrite(
      pool,
      caller.workspaceId,
      idempotencyKeyOf(request),
      { method: 'POST', path: '/invoices', body: request.body },
      async (client) => {
        const upserted = await upsertInvoices(client, caller.workspaceId, items);
        const runsStarted = await enrolIntoActiveFlows(
          client,
          definitions,
          caller.workspaceId,
          upserted.openCaseIds,
          new Date(),
        );
        const body: InvoiceUpsertResult = {
          items: upserted.items,
          casesOpened: upserted.casesOpened,
          casesSettled: upserted.casesSettled,
          runsStarted,
        };
        return { status: 200, body };
      },
    );
    return sendWrite(reply, result);
  });
}
