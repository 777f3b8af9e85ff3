/** POST /api/v1/debtors: create or update up to 10,000 debtors; all or nothing. */
import { DebtorBatch, type DebtorUpsertResult } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { upsertDebtors } from '../../debtors/upsert-debtors.ts';
import { enrolIntoActiveFlows } from '../../enrolment/enrol-into-active-flows.ts';
import type { ApiContext } from './api-context.ts';
import { batchWriteRoute } from './batch-write-route.ts';

export function debtorsEndpoint(app: FastifyInstance, { pool, definitions }: ApiContext): void {
  batchWriteRoute(app, pool, {
    path: '/debtors',
    scope: 'debtors:write',
    batch: DebtorBatch,
    async write(client, workspaceId, items) {
      const upserted = await upsertDebtors(client, workspaceId, items);
      // Changed contact data, language or attributes may let open cases into flows.
      await enrolIntoActiveFlows(client, definitions, workspaceId, upserted.openCaseIds, new Date());
      return { items: upserted.items } satisfies DebtorUpsertResult;
    },
  });
}
