/** GET /api/v1/cases?debtorExternalId=…, /cases/{id} and /cases/{id}/timeline. */
import { CaseListQuery, type CaseView, TimelineQuery } from '@collectflow/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findCasesOfDebtor, getCaseView, getTimeline, type StoredCaseView } from '../../cases/case-queries.ts';
import { type ApiContext, requireScope } from './api-context.ts';
import { pathId } from './path-id.ts';

export function casesEndpoints(app: FastifyInstance, { pool, paylinks, publicUrl }: ApiContext): void {
  /** Adds each open case's paylink (registered, so that it opens). */
  async function withPaylinks(
    request: FastifyRequest,
    workspaceId: string,
    cases: StoredCaseView[],
  ): Promise<CaseView[]> {
    const open = cases.filter((view) => view.status === 'open');
    await paylinks.register(
      pool,
      open.map((view) => ({ workspaceId, caseId: view.id })),
    );
    const base = publicUrl ?? `${request.protocol}://${request.host}`;
    return cases.map((view) => ({
      ...view,
      paylinkUrl: view.status === 'open' ? paylinks.urlFor(base, view.id) : null,
    }));
  }

  app.get('/cases', async (request) => {
    const caller = requireScope(request, 'cases:read');
    const { debtorExternalId } = CaseListQuery.parse(request.query);
    return {
      items: await withPaylinks(
        request,
        caller.workspaceId,
        await findCasesOfDebtor(pool, caller.workspaceId, debtorExternalId),
      ),
    };
  });
  app.get('/cases/:id', async (request) => {
    const caller = requireScope(request, 'cases:read');
    const [view] = await withPaylinks(request, caller.workspaceId, [
      await getCaseView(pool, caller.workspaceId, pathId(request.params, 'case')),
    ]);
    return view;
  });
  app.get('/cases/:id/timeline', async (request) => {
    const caller = requireScope(request, 'cases:read');
    const page = TimelineQuery.parse(request.query);
    return getTimeline(pool, caller.workspaceId, pathId(request.params, 'case'), page);
  });
}
