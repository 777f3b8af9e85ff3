import { type Brand, roleGroups, type TemplateSummary } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  const [templates, brands] = await Promise.all([trpc.templates.list.query(), trpc.brands.list.query()]);
  return {
    templates: templates as TemplateSummary[],
    brands: brands as Brand[],
    canCreate: (roleGroups.layoutEditors as readonly string[]).includes(user.role),
  };
};
