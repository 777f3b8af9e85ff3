/** POST /api/v1/invoices: create or update up to 10,000 invoices; opens, settles and enrols cases. */
import { InvoiceBatch, type InvoiceUpsertResult } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { enrolIntoActiveFlows } from '../../enrolment/enrol-into-active-flows.ts';
import { upsertInvoices } from '../../invoices/upsert-invoices.ts';
import type { ApiContext } from './api-context.ts';
import { batchWriteRoute } from './batch-write-route.ts';

export function invoicesEndpoint(app: FastifyInstance, { pool, definitions }: ApiContext): void {
  batchWriteRoute(app, pool, {
    path: '/invoices',
    scope: 'invoices:write',
    batch: InvoiceBatch,
    async write(client, workspaceId, items) {
      const upserted = await upsertInvoices(client, workspaceId, items);
      const runsStarted = await enrolIntoActiveFlows(
        client,
        definitions,
        workspaceId,
        upserted.openCaseIds,
        new Date(),
      );
      return {
        items: upserted.items,
        casesOpened: upserted.casesOpened,
        casesSettled: upserted.casesSettled,
        runsStarted,
      } satisfies InvoiceUpsertResult;
    },
  });
}
