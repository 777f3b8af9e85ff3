import { type AnalyticsPeriod, type Brand, type Dashboard, type FlowSummary, roleGroups } from '@collectflow/shared';
import { presetDays } from '$lib/analytics/analytics-period.ts';
import { trpc } from '$lib/api/trpc.ts';
import { loadOverview } from '../workspace-overview.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  const period: AnalyticsPeriod = { ...presetDays('last90'), flowId: null, brandId: null };
  const [overview, dashboard, flows, brands] = await Promise.all([
    loadOverview(),
    trpc.analytics.dashboard.query(period),
    trpc.flows.list.query(),
    trpc.brands.list.query(),
  ]);
  return {
    ...overview,
    dashboard: dashboard as Dashboard,
    period,
    flows: flows as FlowSummary[],
    brands: brands as Brand[],
    canPublish: (roleGroups.flowEditors as readonly string[]).includes(user.role),
  };
};
