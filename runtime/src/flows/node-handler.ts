/**
 * What a node handler gets and returns. A handler decides what happens to a case at one step:
 * go on through a handle, wait (until a time, or until an event or a message outcome wakes
 * it), or leave the flow. Handlers write through the context, which batches the run's events
 * and messages into the step's one transaction.
 */
import type { AwaitableEvent, EventType, FlowNode, FlowSettings, SegmentFacts } from '@collectflow/shared';
import type { PoolClient } from '../db/pool.ts';
import type { LockedRun } from './locked-run.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NodeOutcome =
  /** Go on through `handle`; `detail` is recorded in the step's timeline event. */
  | { kind: 'next'; handle: string; detail?: Record<string, Json> }
  /**
   * Stay at this node until `until` (or until one of `events`, or the outcome of a message,
   * wakes the run); `state` is what the node finds again when it resumes. With `reason` the
   * wait is recorded in the timeline.
   */
  | { kind: 'wait'; until: Date; state: Json; events?: AwaitableEvent[]; reason?: string }
  /** Leave the flow. */
  | { kind: 'exit'; reason: string };

export interface QueuedMessage {
  channel: 'email' | 'sms' | 'letter' | 'voice';
  connector: string;
  template: string;
  recipient: string | null;
  /** Set for a message that fails before it is sent (no address, no consent). */
  failureReason?: string;
}

export interface NodeContext {
  client: PoolClient;
  run: LockedRun;
  now: Date;
  settings: FlowSettings;
  /** Today's date in the flow's time zone. */
  today: string;
  /** What this node stored when the run last waited here; null when the case just arrived. */
  state: unknown;
  /** The case's segment facts, loaded once per step and reloaded after {@link invalidateFacts}. */
  facts(): Promise<SegmentFacts>;
  /** After a handler changed the case (dunning level, fees). */
  invalidateFacts(): void;
  /** Adds an event to the case's timeline (written with the step). */
  record(type: EventType, payload: Record<string, Json>): void;
  /** Adds a message to the outbox (written with the step); returns its id. */
  queueMessage(message: QueuedMessage): string;
}

export type NodeHandler<T extends FlowNode = FlowNode> = (node: T, context: NodeContext) => Promise<NodeOutcome>;

/** A clock-skew allowance: a wait ending within this margin counts as over. */
export const wakeToleranceMs = 1000;

export function isDue(until: Date, now: Date): boolean {
  return until.getTime() <= now.getTime() + wakeToleranceMs;
}
