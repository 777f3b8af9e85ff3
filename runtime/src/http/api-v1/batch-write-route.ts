/**
 * A batch write of the REST API (`POST /api/v1/<items>`): the caller's key must have the scope,
 * the body must fit the batch schema, an `Idempotency-Key` makes a retry replay the stored
 * response (marked `Idempotent-Replayed: true`), and the work runs in one transaction — all or
 * nothing.
 */
import type { ApiScope } from '@collectflow/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Pool, PoolClient } from '../../db/pool.ts';
import { requireScope } from './api-context.ts';
import { idempotentWrite } from './idempotency.ts';

/** Batch bodies: up to 10,000 items of a few hundred bytes each. */
const batchBodyLimit = 32 * 1024 * 1024;

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers['idempotency-key'];
  return Array.isArray(value) ? value[0] : value;
}

export interface BatchWriteRoute<Batch extends z.ZodType<{ items: unknown[] }>> {
  /** Below /api/v1, e.g. `/debtors`. */
  path: string;
  scope: ApiScope;
  batch: Batch;
  /** Does the writes in the request's transaction; returns the 200 response's body. */
  write(client: PoolClient, workspaceId: string, items: z.infer<Batch>['items']): Promise<unknown>;
}

export function batchWriteRoute<Batch extends z.ZodType<{ items: unknown[] }>>(
  app: FastifyInstance,
  pool: Pool,
  route: BatchWriteRoute<Batch>,
): void {
  app.post(route.path, { bodyLimit: batchBodyLimit }, async (request, reply) => {
    const caller = requireScope(request, route.scope);
    const { items } = route.batch.parse(request.body);
    const result = await idempotentWrite(
      pool,
      caller.workspaceId,
      idempotencyKeyOf(request),
      { method: 'POST', path: route.path, body: request.body },
      async (client) => ({ status: 200, body: await route.write(client, caller.workspaceId, items) }),
    );
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(result.status).send(result.body);
  });
}
