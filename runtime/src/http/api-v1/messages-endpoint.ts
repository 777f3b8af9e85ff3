/** POST /api/v1/messages/{id}/returned: a letter the post brought back counts as failed. */
import { ReturnedLetter } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordReturnedLetter } from '../../outbox/returned-letters.ts';
import { type ApiContext, requireScope } from './api-context.ts';
import { ApiProblem } from './api-error.ts';

const MessageIdParams = z.object({ id: z.string() });

export function messagesEndpoint(app: FastifyInstance, { pool }: ApiContext): void {
  app.post('/messages/:id/returned', async (request) => {
    const caller = requireScope(request, 'messages:write');
    const { id } = MessageIdParams.parse(request.params);
    if (!z.uuid().safeParse(id).success) throw new ApiProblem(404, 'not_found', `There is no message ${id}.`);
    const { reason } = ReturnedLetter.parse(request.body ?? {});
    return recordReturnedLetter(pool, caller.workspaceId, id, reason);
  });
}
