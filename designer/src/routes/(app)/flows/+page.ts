import { roleGroups } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url }) => {
  const { user } = await parent();
  const includeArchived = url.searchParams.get('archived') === '1';
  return {
    flows: await trpc.flows.list.query({ includeArchived }),
    includeArchived,
    canEdit: (roleGroups.flowEditors as readonly string[]).includes(user.role),
  };
};
