/** GET /api/v1/cases?debtorExternalId=…, /cases/{id} and /cases/{id}/timeline. */
import { CaseListQuery, TimelineQuery } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCasesOfDebtor, getCaseView, getTimeline } from '../../cases/case-queries.ts';
import { type ApiContext, requireScope } from './api-context.ts';
import { ApiProblem } from './api-error.ts';

const CaseIdParams = z.object({ id: z.string() });

function caseIdOf(params: unknown): string {
  const { id } = CaseIdParams.parse(params);
  if (!z.uuid().safeParse(id).success) throw new ApiProblem(404, 'not_found', `There is no case ${id}.`);
  return id;
}

export function casesEndpoints(app: FastifyInstance, { pool }: ApiContext): void {
  app.get('/cases', async (request) => {
    const caller = requireScope(request, 'cases:read');
    const { debtorExternalId } = CaseListQuery.parse(request.query);
    return { items: await findCasesOfDebtor(pool, caller.workspaceId, debtorExternalId) };
  });
  app.get('/cases/:id', async (request) => {
    const caller = requireScope(request, 'cases:read');
    return getCaseView(pool, caller.workspaceId, caseIdOf(request.params));
  });
  app.get('/cases/:id/timeline', async (request) => {
    const caller = requireScope(request, 'cases:read');
    const page = TimelineQuery.parse(request.query);
    return getTimeline(pool, caller.workspaceId, caseIdOf(request.params), page);
  });
}
