import {
  type Brand,
  type ConnectorConfigSummary,
  type FlowSummary,
  roleGroups,
  type TemplateSummary,
} from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  return {
    brands: (await trpc.brands.list.query()) as Brand[],
    /** For "after a missed installment, go to flow …". */
    flows: (await trpc.flows.list.query()) as FlowSummary[],
    /** For installment reminders: which template, through which connector. */
    templates: (await trpc.templates.list.query()) as TemplateSummary[],
    connectors: (await trpc.connectors.list.query()) as ConnectorConfigSummary[],
    canEditBrands: (roleGroups.brandEditors as readonly string[]).includes(user.role),
  };
};
