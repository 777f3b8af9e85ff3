/** POST /api/v1/messages/{id}/returned: a letter the post brought back counts as failed. */
import { ReturnedLetter } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { recordReturnedLetter } from '../../outbox/returned-letters.ts';
import { type ApiContext, requireScope } from './api-context.ts';
import { pathId } from './path-id.ts';

export function messagesEndpoint(app: FastifyInstance, { pool }: ApiContext): void {
  app.post('/messages/:id/returned', async (request) => {
    const caller = requireScope(request, 'messages:write');
    const id = pathId(request.params, 'message');
    const { reason } = ReturnedLetter.parse(request.body ?? {});
    return recordReturnedLetter(pool, caller.workspaceId, id, reason);
  });
}
