/**
 * What a node handler gets and returns. A handler decides what happens to a case at one step:
 * go on through a handle, wait (until a time, or until an event or a message outcome wakes
 * it), or leave the flow. Handlers write through the context, which batches the run's events
 * and messages into the step's one transaction.
 */
import type { AwaitableEvent, EventType, FlowNode, FlowSettings, SegmentFacts } from '@collectflow/shared';
import type { PoolClient, Queryable } from '../db/pool.ts';
import type { MessageOutcome, RunSnapshot } from './run-snapshot.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NodeOutcome =
  /** Go on through `handle`; `detail` is recorded in the step's timeline event. */
  | { kind: 'next'; handle: string; detail?: Record<string, Json> }
  /**
   * Stay at this node until `until` (or until one of `events`, or the outcome of a message,
   * wakes the run); `state` is what the node finds again when it resumes. With `reason` the
   * wait is recorded in the timeline.
   */
  | {
      kind: 'wait';
      until: Date;
      state: Json;
      events?: AwaitableEvent[];
      reason?: string;
      /**
       * Something else wakes the run before `until` in the normal course (the message's sender,
       * an event): no job is scheduled for `until`, the sweep of overdue runs covers it.
       */
      wokenBy?: 'message' | 'event';
    }
  /**
   * Leave the flow. `closedCase`: the handler closed the case itself in this step (under its
   * lock), so the step is written although the case is no longer open.
   */
  | { kind: 'exit'; reason: string; closedCase?: boolean };

export interface QueuedMessage {
  channel: 'email' | 'sms' | 'letter' | 'voice';
  connector: string;
  template: string;
  recipient: string | null;
  /** Set for a message that fails before it is sent (no address, no consent). */
  failureReason?: string;
}

/**
 * Thrown by {@link NodeContext.lock} in an optimistic step: the step starts again, this time in a
 * transaction with the run row locked.
 */
export class StepNeedsLock extends Error {
  override name = 'StepNeedsLock';
}

/** What a bestChannel node decided, written to `ml_decisions` with the step. */
export interface PolicyDecision {
  nodeId: string;
  modelVersion: number | null;
  channel: string | null;
  reason: string;
  propensity: number;
  reachable: string[];
}

export interface NodeContext {
  /**
   * The step's transaction, for handlers that change other rows (the case, fees) or need a
   * lock (the frequency cap). Asking for it in an optimistic step restarts the step locked.
   */
  lock(): PoolClient;
  /** For reads that need no lock (the step's transaction when it has one, else the pool). */
  db: Queryable;
  run: RunSnapshot;
  now: Date;
  settings: FlowSettings;
  /** Today's date in the flow's time zone. */
  today: string;
  /** What this node stored when the run last waited here; null when the case just arrived. */
  state: unknown;
  /** The case's segment facts, read with the run and reloaded after {@link invalidateFacts}. */
  facts(): Promise<SegmentFacts>;
  /** Status of a message of this run (the one it waits for is read with the run). */
  messageOutcome(messageId: string): Promise<MessageOutcome | null>;
  /** After a handler changed the case (dunning level, fees). */
  invalidateFacts(): void;
  /** Adds an event to the case's timeline (written with the step). */
  record(type: EventType, payload: Record<string, Json>): void;
  /** Adds a message to the outbox (written with the step); returns its id. */
  queueMessage(message: QueuedMessage): string;
  /** Records a policy's decision (written with the step). */
  recordDecision(decision: PolicyDecision): void;
}

export type NodeHandler<T extends FlowNode = FlowNode> = (node: T, context: NodeContext) => Promise<NodeOutcome>;

/** A clock-skew allowance: a wait ending within this margin counts as over. */
export const wakeToleranceMs = 1000;

export function isDue(until: Date, now: Date): boolean {
  return until.getTime() <= now.getTime() + wakeToleranceMs;
}
