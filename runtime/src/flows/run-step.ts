/**
 * One step of a run: from where the run stands, execute nodes until one must wait or the run
 * ends, collecting the timeline events and outbox messages on the way, then write them, the
 * run's new position and its next job in one statement. Runs in the caller's transaction,
 * with the run row locked, so a step is all or nothing and retries are safe.
 */
import { randomUUID } from 'node:crypto';
import {
  type AwaitableEvent,
  type Channel,
  type EventType,
  type FlowDefinition,
  type FlowNode,
  type SegmentFacts,
  segmentFactsFromRow,
  todayIn,
} from '@collectflow/shared';
import type { PoolClient } from '../db/pool.ts';
import { runFlowTaskName } from '../jobs/run-jobs.ts';
import { loadSegmentFacts } from '../segments/case-facts.ts';
import type { LockedRun } from './locked-run.ts';
import type { Json, NodeContext, QueuedMessage } from './node-handler.ts';
import { handlerFor } from './node-handlers.ts';

/** Bound on nodes executed in one job; a run that needs more continues in a new job. */
export const maxNodesPerStep = 100;

export type RunStepResult = 'waiting' | 'finished' | 'continued' | 'failed';

interface PendingEvent {
  type: EventType;
  payload: Record<string, Json>;
}

interface PendingMessage {
  id: string;
  node_id: string;
  channel: Channel;
  connector: string;
  template: string;
  recipient: string | null;
  status: 'queued' | 'failed';
  failure_reason: string | null;
  created_at: string;
}

export class RunStep {
  private readonly events: PendingEvent[] = [];
  private readonly messages: PendingMessage[] = [];
  private status: 'active' | 'completed' | 'exited' | 'failed' = 'active';
  private nodeId: string | null;
  private nodeState: Json = null;
  private waitingFor: AwaitableEvent[] | null = null;
  private wakeAt: Date | null = null;
  private exitReason: string | null = null;
  private nodesPassed = 0;
  /** Whether the run gets a job, and when it runs (null: at once, by the database's clock). */
  private schedule: { at: Date | null } | null = null;
  /** Channels that got queued messages (their senders are nudged after commit). */
  readonly queuedChannels = new Set<Channel>();

  constructor(
    private readonly client: PoolClient,
    private readonly run: LockedRun,
    private readonly now: Date,
  ) {
    this.nodeId = run.nodeId;
  }

  /** Executes nodes from the run's position. */
  async execute(definition: FlowDefinition): Promise<RunStepResult> {
    const { run } = this;
    const settings = definition.graph.settings;
    const today = todayIn(settings.timezone, this.now);
    let node: FlowNode;
    let state: unknown = null;
    if (run.nodeId === null) {
      node = definition.entry;
      this.record('flow.entered', {
        runId: run.id,
        flowId: run.flowId,
        flowName: run.flowName,
        version: run.flowVersion,
      });
    } else {
      const found = definition.nodes.get(run.nodeId);
      if (!found) return this.fail(run.nodeId, `step ${run.nodeId} is not part of version ${run.flowVersion}`);
      node = found;
      state = run.nodeState ?? null;
    }

    let facts: SegmentFacts | null = null;
    for (let passed = 0; passed < maxNodesPerStep; passed += 1) {
      const current = node;
      const context: NodeContext = {
        client: this.client,
        run,
        now: this.now,
        settings,
        today,
        state,
        facts: async () => {
          if (facts) return facts;
          const row = await loadSegmentFacts(this.client, run.workspaceId, run.caseId);
          if (!row) throw new Error(`Case ${run.caseId} has no segment facts`);
          facts = segmentFactsFromRow(row, today);
          return facts;
        },
        invalidateFacts: () => {
          facts = null;
        },
        record: (type, payload) => this.record(type, payload),
        queueMessage: (message) => this.queueMessage(current, message),
      };
      const outcome = await handlerFor(current)(current, context);
      this.nodesPassed += 1;
      switch (outcome.kind) {
        case 'next': {
          this.record('flow.step', {
            runId: run.id,
            nodeId: current.id,
            nodeType: current.type,
            label: current.label ?? null,
            handle: outcome.handle,
            ...outcome.detail,
          });
          const target = definition.next(current.id, outcome.handle);
          if (!target) return this.fail(current.id, `nothing follows the “${outcome.handle}” output of ${current.id}`);
          node = target;
          state = null;
          break;
        }
        case 'wait':
          this.nodeId = current.id;
          this.nodeState = outcome.state;
          this.waitingFor = outcome.events ?? null;
          this.wakeAt = outcome.until;
          this.schedule = { at: outcome.until };
          if (outcome.reason) {
            this.record('flow.waiting', {
              runId: run.id,
              nodeId: current.id,
              nodeType: current.type,
              until: outcome.until.toISOString(),
              reason: outcome.reason,
            });
          }
          return 'waiting';
        case 'exit':
          this.nodeId = current.id;
          this.end('completed', outcome.reason);
          return 'finished';
      }
    }
    // A long chain of instant steps: save the place and continue in a fresh job.
    this.nodeId = node.id;
    this.nodeState = null;
    this.schedule = { at: null };
    return 'continued';
  }

  /** Ends the run: `completed` at an exit step, `exited` when it left early (paid, archived). */
  end(status: 'completed' | 'exited', reason: string): void {
    this.status = status;
    this.exitReason = reason;
    this.nodeState = null;
    this.waitingFor = null;
    this.wakeAt = null;
    this.schedule = null;
    this.record('flow.exited', { runId: this.run.id, nodeId: this.nodeId, reason });
  }

  /** Stops a run that cannot go on (its version is unusable); recorded so people can see why. */
  fail(nodeId: string | null, error: string): RunStepResult {
    this.status = 'failed';
    this.exitReason = 'error';
    this.nodeId = nodeId;
    this.schedule = null;
    this.record('flow.failed', { runId: this.run.id, nodeId, error });
    return 'failed';
  }

  private record(type: EventType, payload: Record<string, Json>): void {
    // Stamped by the database's clock, like every other event, so timelines order truly; the
    // flow clock only decides (waits, quiet hours).
    this.events.push({ type, payload });
  }

  private queueMessage(node: FlowNode, message: QueuedMessage): string {
    const id = randomUUID();
    const failed = message.failureReason !== undefined;
    this.messages.push({
      id,
      node_id: node.id,
      channel: message.channel,
      connector: message.connector,
      template: message.template,
      recipient: message.recipient,
      status: failed ? 'failed' : 'queued',
      failure_reason: message.failureReason ?? null,
      created_at: this.now.toISOString(),
    });
    this.record(failed ? 'message.failed' : 'message.queued', {
      runId: this.run.id,
      messageId: id,
      nodeId: node.id,
      channel: message.channel,
      template: message.template,
      ...(failed ? { reason: message.failureReason ?? null } : {}),
    });
    if (!failed) this.queuedChannels.add(message.channel);
    return id;
  }

  /** Writes everything the step decided, in one statement. */
  async flush(): Promise<void> {
    const { run } = this;
    await this.client.query(
      `with new_events as (
         insert into events (workspace_id, case_id, type, occurred_at, source, payload)
         select $1, $2, e.value ->> 'type', now(), 'system', e.value -> 'payload'
           from jsonb_array_elements($3::jsonb) with ordinality as e(value, ord)
          order by e.ord
       ), new_messages as (
         insert into messages (id, workspace_id, case_id, debtor_id, run_id, node_id, channel, connector, template,
                               recipient, status, failure_reason, created_at, finished_at)
         select m.id, $1, $2, $4, $5, m.node_id, m.channel::channel, m.connector, m.template, m.recipient,
                m.status::message_status, m.failure_reason, m.created_at,
                case when m.status = 'failed' then m.created_at end
           from jsonb_to_recordset($6::jsonb) as m(id uuid, node_id text, channel text, connector text, template text,
                recipient text, status text, failure_reason text, created_at timestamptz)
       ), updated as (
         update runs
            set status = $7::run_status, node_id = $8, node_state = $9::jsonb, waiting_for = $10::text[], wake_at = $11,
                steps = steps + $12, exit_reason = $13, updated_at = now(),
                finished_at = case when $7::run_status = 'active' then null else now() end
          where workspace_id = $1 and id = $5
       )
       select graphile_worker.add_job('${runFlowTaskName}', json_build_object('runId', $5::text), run_at => $15::timestamptz,
                                      job_key => $5::text)
        where $14::boolean`,
      [
        run.workspaceId,
        run.caseId,
        JSON.stringify(this.events),
        run.debtor.id,
        run.id,
        JSON.stringify(this.messages),
        this.status,
        this.nodeId,
        JSON.stringify(this.nodeState),
        this.waitingFor,
        this.wakeAt,
        this.nodesPassed,
        this.exitReason,
        this.schedule !== null,
        this.schedule?.at ?? null,
      ],
    );
  }
}
