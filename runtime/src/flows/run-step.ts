/**
 * One step of a run: from where the run stands, execute nodes until one must wait or the run
 * ends, collecting the timeline events and outbox messages on the way, then write them, the
 * run's new position and its next job in one statement. That statement is guarded: it writes
 * only if the run is still active at the revision the step read, its case open and its flow
 * active — so a step is all or nothing, a step overtaken by a payment writes nothing, and
 * retries are safe.
 *
 * Most steps are optimistic (read, compute, guarded write: two round trips, no lock held while
 * JavaScript runs). A handler that changes other rows asks for the lock; the step then runs in
 * a transaction with the run row locked (flows/advance-run.ts).
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
import type { PoolClient, Queryable } from '../db/pool.ts';
import { runJobSpecsSql } from '../jobs/run-jobs.ts';
import { loadSegmentFacts } from '../segments/case-facts.ts';
import { mayNeedFacts } from './facts-ahead.ts';
import { type Json, type NodeContext, type PolicyDecision, type QueuedMessage, StepNeedsLock } from './node-handler.ts';
import { handlerFor } from './node-handlers.ts';
import { type RunSnapshot, readMessageOutcome } from './run-snapshot.ts';

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
  private readonly decisions: PolicyDecision[] = [];
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

  /** Whether the write needs the case open and the flow active (not when ending a run early). */
  private requireRunnable = true;
  /** The version the step executed (none when the run ended without executing it). */
  private definition: FlowDefinition | null = null;

  /**
   * @param db where the write goes: the pool (optimistic) or the step's transaction (locked).
   * @param locked the transaction holding the run's row lock, if this step is locked.
   */
  constructor(
    private readonly db: Queryable,
    private readonly run: RunSnapshot,
    private readonly now: Date,
    private readonly locked: PoolClient | null,
  ) {
    this.nodeId = run.nodeId;
  }

  /** Executes nodes from the run's position. */
  async execute(definition: FlowDefinition): Promise<RunStepResult> {
    const { run } = this;
    this.definition = definition;
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
    let factsChanged = false;
    const lock = () => {
      if (!this.locked) throw new StepNeedsLock();
      return this.locked;
    };
    for (let passed = 0; passed < maxNodesPerStep; passed += 1) {
      const current = node;
      const context: NodeContext = {
        lock,
        db: this.locked ?? this.db,
        run,
        now: this.now,
        settings,
        today,
        state,
        facts: async () => {
          if (facts) return facts;
          const row =
            factsChanged || !run.facts
              ? await loadSegmentFacts(factsChanged ? lock() : this.db, run.workspaceId, run.caseId)
              : run.facts;
          if (!row) throw new Error(`Case ${run.caseId} has no segment facts`);
          facts = segmentFactsFromRow(row, today);
          return facts;
        },
        invalidateFacts: () => {
          facts = null;
          factsChanged = true;
        },
        messageOutcome: async (messageId) =>
          run.awaitedMessage?.id === messageId
            ? run.awaitedMessage
            : await readMessageOutcome(this.db, run.workspaceId, messageId),
        record: (type, payload) => this.record(type, payload),
        queueMessage: (message) => this.queueMessage(current, message),
        recordDecision: (decision) => this.decisions.push(decision),
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
          // A run that something else will wake (a sender, an event) gets no job for its timeout:
          // the minutely sweep of overdue runs (tasks/wake-overdue-runs.ts) covers that.
          this.schedule = outcome.wokenBy ? null : { at: outcome.until };
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
          if (outcome.closedCase) this.requireRunnable = false;
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
    if (status === 'exited') this.requireRunnable = false;
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
    this.requireRunnable = false;
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

  /** What the step decided, as one row of {@link writeSteps}. */
  decided(): StepWrite {
    const { run } = this;
    return {
      runId: run.id,
      workspaceId: run.workspaceId,
      caseId: run.caseId,
      debtorId: run.debtor.id,
      flowId: run.flowId,
      revision: run.revision,
      requireRunnable: this.requireRunnable,
      status: this.status,
      nodeId: this.nodeId,
      nodeState: this.nodeState,
      waitingFor: this.waitingFor,
      wakeAt: this.wakeAt?.toISOString() ?? null,
      steps: this.nodesPassed,
      needsFacts:
        this.status === 'active' && this.definition !== null
          ? mayNeedFacts(this.definition, this.nodeId, this.nodeState !== null)
          : false,
      exitReason: this.exitReason,
      schedule: this.schedule !== null,
      scheduleAt: this.schedule?.at?.toISOString() ?? null,
      events: this.events,
      messages: this.messages,
      decisions: this.decisions,
    };
  }

  /** Writes the step (see {@link writeSteps}); false when the run changed since it was read. */
  async flush(): Promise<boolean> {
    const applied = await writeSteps(this.db, [this.decided()]);
    return applied.has(this.run.id);
  }
}

export interface StepWrite {
  runId: string;
  workspaceId: string;
  caseId: string;
  debtorId: string;
  flowId: string;
  revision: number;
  requireRunnable: boolean;
  status: 'active' | 'completed' | 'exited' | 'failed';
  nodeId: string | null;
  nodeState: Json;
  waitingFor: AwaitableEvent[] | null;
  wakeAt: string | null;
  steps: number;
  /** Whether the run's next step may read segment facts (see facts-ahead.ts). */
  needsFacts: boolean;
  exitReason: string | null;
  schedule: boolean;
  scheduleAt: string | null;
  events: PendingEvent[];
  messages: PendingMessage[];
  decisions: PolicyDecision[];
}

/** The statement of {@link writeSteps}: $1 the steps as JSON. */
const writeStepsSql = `with input as (
       select * from jsonb_to_recordset($1::jsonb) as i(
         "runId" uuid, "workspaceId" uuid, "caseId" uuid, "debtorId" uuid, "flowId" uuid, revision integer,
         "requireRunnable" boolean, status run_status, "nodeId" text, "nodeState" jsonb, "waitingFor" text[],
         "wakeAt" timestamptz, steps integer, "needsFacts" boolean, "exitReason" text, schedule boolean, "scheduleAt" timestamptz,
         events jsonb, messages jsonb, decisions jsonb)
     ), checked as materialized (
       -- The guard once per step (not once per pair the join below looks at): the case is
       -- open and the flow active — unless the step ends the run anyway.
       select i.*, (not i."requireRunnable"
                    or ((select c.status from cases c where c.workspace_id = i."workspaceId" and c.id = i."caseId") = 'open'
                        and (select f.status from flows f where f.workspace_id = i."workspaceId" and f.id = i."flowId") = 'active'))
                   as runnable
         from input i
     ), updated as (
       update runs r
          set status = i.status, node_id = i."nodeId", node_state = i."nodeState", waiting_for = i."waitingFor",
              wake_at = i."wakeAt", steps = r.steps + i.steps, needs_facts = i."needsFacts", exit_reason = i."exitReason",
              revision = r.revision + 1, updated_at = now(),
              finished_at = case when i.status = 'active' then null else now() end
         from checked i
        -- One primary-key look-up per step; status as text so that the planner cannot add the
        -- partial index of all active runs to the look-up.
        where i.runnable
          and r.id = i."runId" and r.workspace_id = i."workspaceId" and r.revision = i.revision and r.status::text = 'active'
       returning r.id
     ), written as (
       select i.* from input i join updated u on u.id = i."runId"
     ), new_events as (
       insert into events (workspace_id, case_id, type, occurred_at, source, payload)
       select w."workspaceId", w."caseId", e.value ->> 'type', now(), 'system', e.value -> 'payload'
         from written w, jsonb_array_elements(w.events) with ordinality as e(value, ord)
        order by w."runId", e.ord
     ), new_messages as (
       insert into messages (id, workspace_id, case_id, debtor_id, run_id, node_id, channel, connector, template,
                             recipient, status, failure_reason, created_at, finished_at)
       select m.id, w."workspaceId", w."caseId", w."debtorId", w."runId", m.node_id, m.channel::channel, m.connector,
              m.template, m.recipient, m.status::message_status, m.failure_reason, m.created_at,
              case when m.status = 'failed' then m.created_at end
         from written w, jsonb_to_recordset(w.messages) as m(id uuid, node_id text, channel text, connector text,
              template text, recipient text, status text, failure_reason text, created_at timestamptz)
     ), new_decisions as (
       insert into ml_decisions (workspace_id, flow_id, node_id, case_id, run_id, model_version, channel, reason,
                                 propensity, reachable)
       select w."workspaceId", w."flowId", d."nodeId", w."caseId", w."runId", d."modelVersion", d.channel::channel,
              d.reason, d.propensity, d.reachable::channel[]
         from written w, jsonb_to_recordset(w.decisions) as d("nodeId" text, "modelVersion" integer, channel text,
              reason text, propensity double precision, reachable text[])
     ), scheduled as (
       -- Only when some run needs a job: add_jobs costs a few statements even for none.
       select case when exists (select 1 from written where schedule)
                   then (select count(*) from graphile_worker.add_jobs(
                           ${runJobSpecsSql('select "runId", "scheduleAt" from written where schedule')}))
                   else 0 end
     )
     select id from updated, scheduled`;

/**
 * Writes the steps of any number of runs in one statement: each run's new position, its events,
 * its messages and its next job. A run's row is written only if it is still active at the
 * revision its step read (and, for a step that goes on, its case open and its flow active);
 * its events and messages only if its row was. Returns the ids of the runs written.
 */
export async function writeSteps(db: Queryable, steps: readonly StepWrite[]): Promise<Set<string>> {
  if (steps.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>({
    name: 'collectflow.write-steps',
    text: writeStepsSql,
    values: [JSON.stringify(steps)],
  });
  return new Set(rows.map((row) => row.id));
}
