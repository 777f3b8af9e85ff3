/**
 * `enrol_flow {workspaceId, flowId, version}`: after a publish, enrols every open case matching
 * the entry segment into the new version, set-based (enrolment/enrol-cases.ts). Skipped if the
 * flow was paused, archived or published again in the meantime (the newer job enrols).
 */
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import { inTransaction, type Pool } from '../db/pool.ts';
import { enrolMatchingCases } from '../enrolment/enrol-cases.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';

export const enrolFlowTaskName = 'enrol_flow';

export const EnrolFlowPayload = z.object({ workspaceId: z.uuid(), flowId: z.uuid(), version: z.number().int().min(1) });

export const enrolFlowTask =
  (pool: Pool, definitions: FlowDefinitions, clock: () => Date): Task =>
  async (payload, helpers) => {
    const { workspaceId, flowId, version } = EnrolFlowPayload.parse(payload);
    const enrolled = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ status: string; current_version: number | null }>(
        'select status, current_version from flows where workspace_id = $1 and id = $2 for share',
        [workspaceId, flowId],
      );
      if (rows[0]?.status !== 'active' || rows[0].current_version !== version) return null;
      const definition = await definitions.get(client, workspaceId, flowId, version);
      return enrolMatchingCases(
        client,
        { workspaceId, flowId, version, entry: definition.entry.data, timezone: definition.graph.settings.timezone },
        { now: clock() },
      );
    });
    if (enrolled !== null) helpers.logger.info(`Enrolled ${enrolled} cases into flow ${flowId} v${version}`);
  };
