/**
 * The analytics cron: every minute the runs of cases with new events, every night all runs
 * (which also catches events of transactions that stayed open past the watermark's margin).
 */
import type { Task } from 'graphile-worker';
import { refreshAllRunAnalytics, refreshChangedRunAnalytics } from '../analytics/refresh-run-analytics.ts';
import type { Pool } from '../db/pool.ts';

export const refreshAnalyticsTaskName = 'refresh_analytics';
export const rebuildAnalyticsTaskName = 'rebuild_analytics';

export const refreshAnalyticsTask =
  (pool: Pool): Task =>
  async (_payload, helpers) => {
    const { runs } = await refreshChangedRunAnalytics(pool);
    if (runs > 0) helpers.logger.debug(`Refreshed the analytics of ${runs} runs`);
  };

export const rebuildAnalyticsTask =
  (pool: Pool): Task =>
  async (_payload, helpers) => {
    const runs = await refreshAllRunAnalytics(pool);
    helpers.logger.info(`Rebuilt the analytics of ${runs} runs`);
  };
