import { type ModelOverview, roleGroups } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  return {
    overview: (await trpc.ml.overview.query()) as ModelOverview,
    canEdit: (roleGroups.flowEditors as readonly string[]).includes(user.role),
  };
};
