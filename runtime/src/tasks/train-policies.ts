/**
 * The machine-learning cron: every hour, retrain the bestChannel models that are a day behind
 * and recompute the shares of self-optimising A/B splits (ml/train-policies.ts).
 */
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { trainPolicies } from '../ml/train-policies.ts';

export const trainPoliciesTaskName = 'train_policies';

export const trainPoliciesTask =
  (pool: Pool): Task =>
  async (_payload, helpers) => {
    for (const report of await trainPolicies(pool)) {
      if (report.version !== null) {
        helpers.logger.info(
          `Trained model version ${report.version} of ${report.flowId}/${report.nodeId}: ${report.note}`,
        );
      }
    }
  };
