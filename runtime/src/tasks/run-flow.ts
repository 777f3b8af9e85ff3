/** `run_flow {runId}`: advances one run by one step (flows/advance-run.ts). Idempotent. */
import type { Task } from 'graphile-worker';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { RunFlowPayload } from '../jobs/run-jobs.ts';

export const runFlowTask =
  (engine: RunEngine): Task =>
  async (payload) => {
    const { runId } = RunFlowPayload.parse(payload);
    await advanceRun(engine, runId);
  };
