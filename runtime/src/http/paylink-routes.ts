/**
 * `GET /api/paylinks/:token`: what the public paylink page shows (public: the token is the key).
 * An unknown token gets 404 and says nothing about why; answers are never cached or indexed.
 */
import type { FastifyInstance } from 'fastify';
import type { Pool } from '../db/pool.ts';
import { visitPaylink } from '../paylinks/paylink-visit.ts';

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
}
