/** `run_flow {runId}`: advances one run by one step, batched with the other runs of the moment (flows/step-batcher.ts). Idempotent. */
import type { Task } from 'graphile-worker';
import type { StepBatcher } from '../flows/step-batcher.ts';
import { RunFlowPayload } from '../jobs/run-jobs.ts';

export const runFlowTask =
  (batcher: StepBatcher): Task =>
  async (payload) => {
    const { runId } = RunFlowPayload.parse(payload);
    await batcher.advance(runId);
  };
