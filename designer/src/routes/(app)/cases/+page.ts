import type { CaseSearchPage, FlowSummary } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [first, flows] = await Promise.all([trpc.cases.search.query({}), trpc.flows.list.query()]);
  return { first: first as CaseSearchPage, flows: flows as FlowSummary[] };
};
