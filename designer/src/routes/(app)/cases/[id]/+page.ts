import type { CaseDetail, CaseTimelineEvent, FlowSummary, TemplateSummary } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  const caseId = params.id;
  const [detail, flows, templates] = await Promise.all([
    trpc.cases.show.query({ caseId }),
    trpc.flows.list.query(),
    trpc.templates.list.query(),
  ]);
  // The whole timeline, 500 events a page (a case rarely has more than a few hundred).
  const events: CaseTimelineEvent[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await trpc.cases.timeline.query({ caseId, ...(after ? { after } : {}) });
    events.push(...(page.items as CaseTimelineEvent[]));
    if (!page.more || !page.cursor) break;
    after = page.cursor;
  }
  return {
    detail: detail as CaseDetail,
    events,
    flows: flows as FlowSummary[],
    templates: templates as TemplateSummary[],
  };
};
