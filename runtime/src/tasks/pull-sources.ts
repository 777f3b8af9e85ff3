/**
 * `pull_sources` (every 5 minutes): pulls every configured source connector of every workspace,
 * one after the other; one source's failure (kept on its record) does not stop the others.
 */
import type { Task } from 'graphile-worker';
import { sourceConnectorIds } from '../connectors/connector-configs.ts';
import type { Logger } from '../logging/logger.ts';
import { type PullOptions, pullSource } from '../sources/pull-source.ts';

export const pullSourcesTaskName = 'pull_sources';

export const pullSourcesTask =
  (options: PullOptions, logger: Logger): Task =>
  async () => {
    const { rows } = await options.pool.query<{ workspaceId: string; key: string }>(
      `select workspace_id as "workspaceId", key from connector_configs where connector = any($1) order by workspace_id, key`,
      [sourceConnectorIds],
    );
    for (const source of rows) {
      try {
        const counts = await pullSource(options, source.workspaceId, source.key);
        if (counts.debtors + counts.invoices + counts.payments > 0)
          logger.info({ ...source, ...counts }, 'Pulled from a source');
      } catch (error) {
        logger.warn(
          { err: error, ...source },
          'Pulling from a source failed; it resumes from its last batch next time',
        );
      }
    }
  };
