/**
 * `GET /api/paylinks/:token`: what the public paylink page shows (public: the token is the key);
 * `POST /api/paylinks/:token/promise {date}`: the debtor promises to pay by that date.
 * An unknown token gets 404 and says nothing about why; answers are never cached or indexed.
 */

import { PromiseToPayInput } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { visitPaylink } from '../paylinks/paylink-visit.ts';
import { makePromise } from '../paylinks/promise-to-pay.ts';

export async function paylinkRoutes(app: FastifyInstance, options: { pool: Pool }): Promise<void> {
  app.get<{ Params: { token: string } }>('/api/paylinks/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store, private').header('x-robots-tag', 'noindex');
    const view = await visitPaylink(options.pool, request.params.token);
    if (!view)
      return reply
        .code(404)
        .send({ error: 'This payment link does not exist. Please use the link from your most recent message.' });
    return view;
  });

  app.post<{ Params: { token: string } }>('/api/paylinks/:token/promise', async (request, reply) => {
    reply.header('cache-control', 'no-store, private');
    const input = PromiseToPayInput.safeParse(request.body ?? {});
    if (!input.success) return reply.code(400).send({ error: 'Choose a date.' });
    try {
      await makePromise(options.pool, request.params.token, input.data.date);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'CONFLICT' ? 409 : 400;
      return reply.code(status).send({ error: error.message });
    }
    return visitPaylink(options.pool, request.params.token);
  });
}
