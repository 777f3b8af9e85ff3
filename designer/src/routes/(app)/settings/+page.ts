import { type Brand, type FlowSummary, roleGroups } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  return {
    brands: (await trpc.brands.list.query()) as Brand[],
    /** For "after a missed installment, go to flow …". */
    flows: (await trpc.flows.list.query()) as FlowSummary[],
    canEditBrands: (roleGroups.brandEditors as readonly string[]).includes(user.role),
  };
};
