/** Sends the outcome of a write, marking a replayed one (see idempotency.ts). */
import type { FastifyReply } from 'fastify';
import type { WriteResult } from './idempotency.ts';

export function sendWrite(reply: FastifyReply, result: WriteResult): FastifyReply {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}
