import { type Brand, roleGroups } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  return {
    brands: (await trpc.brands.list.query()) as Brand[],
    canEditBrands: (roleGroups.brandEditors as readonly string[]).includes(user.role),
  };
};
