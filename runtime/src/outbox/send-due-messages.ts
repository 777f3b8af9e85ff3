/**
 * The outbox sender of one channel: claims due messages in batches, re-checks each under its
 * row lock, hands it to its connector and records the outcome, then wakes the runs waiting for
 * those outcomes (handing them to the worker's step batcher).
 *
 * Two guarantees live here:
 * - **No message after payment.** The claim locks the message rows (`for no key update`) and
 *   keeps them locked until the outcome is committed, hand-over included. Recording a payment
 *   cancels the case's queued messages with an UPDATE, which waits for that lock: either the
 *   sender committed first (the message was handed over before the payment), or the payment
 *   did (the sender finds the message cancelled, or skips it while locked). So no message is
 *   handed to a connector after the payment that settles its case has committed.
 * - **No message twice.** Just before a hand-over the sender commits a dispatch record on
 *   another connection. If the worker dies mid-hand-over, its transaction rolls back but the
 *   record stays; the next attempt sees it and asks the connector whether it already has the
 *   message instead of sending it again.
 */
import type { Channel } from '@collectflow/shared';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { scheduleRuns } from '../jobs/run-jobs.ts';
import type { Logger } from '../logging/logger.ts';
import type { Paylinks } from '../paylinks/paylinks.ts';
import type { ChannelDispatcher, DispatcherRegistry, DispatchResult, OutboxMessage } from './channel-dispatcher.ts';
import { type RenderOutcome, renderClaimedMessages } from './render-claimed-messages.ts';

export interface SenderOptions {
  pool: Pool;
  dispatchers: DispatcherRegistry;
  logger: Logger;
  /** Who sends (recorded with each dispatch). */
  workerId: string;
  /** Messages claimed per transaction. Default: 100. */
  batchSize?: number;
  /** Attempts before a retryable failure becomes final. Default: 5. */
  maxAttempts?: number;
  /**
   * Told, after each batch commits, which runs' messages got their outcome: the worker advances
   * them at once. (If it cannot — the process died — the sweep of overdue runs does, within a
   * minute.) Default: nothing; the runs wait for the sweep.
   */
  onDecided?: (runIds: string[]) => Promise<void>;
  /** The service's public address, for the paylinks in messages. Default: http://127.0.0.1:3000. */
  publicUrl?: () => string;
  /** Issues the paylinks (from the service's secret key). Default: valid while this process runs (tests). */
  paylinks?: Paylinks;
  /** The connectors workspaces configured (beyond the built-in `dispatchers`). Default: none. */
  workspaceConnectors?: { dispatcherFor(workspaceId: string, key: string): Promise<ChannelDispatcher | undefined> };
}

/** Minutes before the next attempt after a retryable failure, by attempt; then 240. */
export const retryDelaysMinutes = [1, 5, 30, 120] as const;
export const lastRetryDelayMinutes = 240;

/** Minutes before the next attempt after a retryable failure: 1, 5, 30, 120 … */
export function retryDelayMinutes(attempt: number): number {
  return retryDelaysMinutes[attempt - 1] ?? lastRetryDelayMinutes;
}

/** Attempts before a retryable failure becomes final, unless a sender is told otherwise. */
export const defaultMaxAttempts = 5;

interface ClaimedMessage {
  id: string;
  workspace_id: string;
  case_id: string;
  run_id: string | null;
  connector: string;
  template: string;
  recipient: string;
  attempts: number;
  case_status: string;
  last_dispatch: number | null;
}

interface Outcome {
  id: string;
  workspaceId: string;
  caseId: string;
  runId: string | null;
  status: 'queued' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  reportExpected: boolean;
  /** When the report expected is no longer waited for; null: the step's delivery timeout. */
  reportDueAt: Date | null;
  providerMessageId: string | null;
  failureReason: string | null;
  /** For a retry or a paused case: when to try again. */
  retryAt: Date | null;
  /** The template version the message was rendered from, its language and subject. */
  rendered: Extract<RenderOutcome, { ok: true }> | null;
}

/**
 * Sends due messages of `channel` until none is left or `budgetMs` has passed. Returns how many
 * messages it handled and whether more may be due.
 */
export async function sendDueMessages(
  options: SenderOptions,
  channel: Channel,
  budgetMs = 5000,
): Promise<{ handled: number; more: boolean }> {
  const batchSize = options.batchSize ?? 100;
  const started = Date.now();
  let handled = 0;
  // The runs of one batch go on while the next batch is sent (at most one batch behind, so a
  // slow step engine holds the sender back instead of piling up runs in memory).
  let advancing: Promise<void> | undefined;
  try {
    for (;;) {
      const { count, decided } = await sendBatch(options, channel, batchSize);
      handled += count;
      await advancing;
      advancing = decided.length > 0 ? options.onDecided?.(decided) : undefined;
      if (count < batchSize) return { handled, more: false };
      if (Date.now() - started > budgetMs) return { handled, more: true };
    }
  } finally {
    await advancing;
  }
}

async function sendBatch(
  options: SenderOptions,
  channel: Channel,
  batchSize: number,
): Promise<{ count: number; decided: string[] }> {
  return inTransaction(options.pool, async (client) => {
    const { rows: claimed } = await client.query<ClaimedMessage>({
      name: 'collectflow.outbox-claim',
      text: `select m.id, m.workspace_id, m.case_id, m.run_id, m.connector, m.template, m.recipient, m.attempts,
              -- A case paused for an installment plan still gets the plan's own reminders (messages of
              -- no flow), unless a dispute holds it.
              case when c.status = 'paused' and m.run_id is null
                        and exists (select 1 from installment_plans p where p.workspace_id = m.workspace_id
                                      and p.case_id = m.case_id and p.status = 'active')
                        and not exists (select 1 from disputes d where d.workspace_id = m.workspace_id
                                          and d.case_id = m.case_id and d.status = 'open')
                   then 'open' else c.status::text end as case_status,
              (select max(d.attempt) from message_dispatches d where d.message_id = m.id) as last_dispatch
         from messages m
         join cases c on c.workspace_id = m.workspace_id and c.id = m.case_id
        where m.status = 'queued' and m.channel = $1 and m.send_after <= now()
        order by m.send_after
        limit $2
          for no key update of m skip locked`,
      values: [channel, batchSize],
    });
    if (claimed.length === 0) return { count: 0, decided: [] };
    const outcomes = await dispatchClaimed(options, client, channel, claimed);
    await recordOutcomes(client, channel, outcomes);
    // Runs waiting for a report get a job for the end of its window (a report ends it sooner).
    const windowed = outcomes.filter((outcome) => outcome.runId && outcome.reportDueAt);
    if (windowed.length > 0) {
      const latest = new Date(Math.max(...windowed.map((outcome) => outcome.reportDueAt!.getTime())));
      await scheduleRuns(
        client,
        windowed.map((outcome) => outcome.runId!),
        latest,
      );
    }
    const decided = outcomes.filter(
      (outcome) =>
        outcome.runId && (outcome.status === 'failed' || (outcome.status === 'sent' && !outcome.reportExpected)),
    );
    return { count: claimed.length, decided: decided.map((outcome) => outcome.runId!) };
  });
}

async function dispatchClaimed(
  options: SenderOptions,
  client: PoolClient,
  channel: Channel,
  claimed: ClaimedMessage[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const base = (message: ClaimedMessage): Outcome => ({
    id: message.id,
    workspaceId: message.workspace_id,
    caseId: message.case_id,
    runId: message.run_id,
    status: 'queued',
    attempts: message.attempts,
    reportExpected: false,
    reportDueAt: null,
    providerMessageId: null,
    failureReason: null,
    retryAt: null,
    rendered: null,
  });
  const byConnector = new Map<string, ClaimedMessage[]>();
  for (const message of claimed) {
    if (message.case_status === 'paused') {
      // Paused cases get nothing; look again in an hour.
      outcomes.push({ ...base(message), retryAt: new Date(Date.now() + 3_600_000) });
    } else if (message.case_status !== 'open') {
      outcomes.push({ ...base(message), status: 'cancelled', failureReason: `case ${message.case_status}` });
    } else {
      // Built-in connectors serve every workspace; configured ones belong to one workspace each.
      const group = options.dispatchers.get(message.connector)
        ? message.connector
        : `${message.workspace_id}/${message.connector}`;
      byConnector.set(group, [...(byConnector.get(group) ?? []), message]);
    }
  }

  const open = [...byConnector.values()].flat();
  // On the claim's own connection: a second one per batch could wait for a pool that every
  // running job holds (the benchmark-flow test hung that way with a pool of 5 and 4 jobs).
  const renders = await renderClaimedMessages(
    client,
    open.map((message) => ({
      id: message.id,
      workspaceId: message.workspace_id,
      caseId: message.case_id,
      template: message.template,
    })),
    {
      publicUrl: options.publicUrl?.() ?? 'http://127.0.0.1:3000',
      ...(options.paylinks ? { paylinks: options.paylinks } : {}),
    },
  );
  for (const all of byConnector.values()) {
    const { connector, workspace_id: workspaceId } = all[0]!;
    const messages: ClaimedMessage[] = [];
    for (const message of all) {
      const render = renders.get(message.id);
      if (render?.ok) messages.push(message);
      else outcomes.push({ ...base(message), status: 'failed', failureReason: render?.reason ?? 'not rendered' });
    }
    const dispatcher =
      options.dispatchers.get(connector) ?? (await options.workspaceConnectors?.dispatcherFor(workspaceId, connector));
    if (!dispatcher) {
      for (const message of messages) {
        outcomes.push({
          ...base(message),
          status: 'failed',
          failureReason: `the connector “${connector}” is not set up`,
        });
      }
      continue;
    }
    // A dispatch record newer than the last finished attempt: a hand-over was interrupted.
    const inDoubt = messages.filter((message) => (message.last_dispatch ?? 0) > message.attempts);
    const alreadyThere =
      inDoubt.length > 0 && dispatcher.findHandedOver
        ? await dispatcher.findHandedOver(inDoubt.map((message) => message.id))
        : new Set<string>();
    const fresh: ClaimedMessage[] = [];
    for (const message of messages) {
      const interrupted = (message.last_dispatch ?? 0) > message.attempts;
      if (interrupted && alreadyThere.has(message.id)) {
        outcomes.push({ ...base(message), status: 'sent', attempts: message.last_dispatch!, providerMessageId: null });
      } else if (interrupted && !dispatcher.findHandedOver) {
        outcomes.push({
          ...base(message),
          status: 'failed',
          attempts: message.last_dispatch!,
          failureReason:
            'a worker stopped during the hand-over and the provider cannot say whether it got the message; not sent again to avoid a duplicate',
        });
      } else {
        fresh.push(message);
      }
    }
    if (fresh.length === 0) continue;

    const attempt = (message: ClaimedMessage) => Math.max(message.attempts, message.last_dispatch ?? 0) + 1;
    await options.pool.query({
      name: 'collectflow.outbox-dispatch-log',
      text: `insert into message_dispatches (message_id, attempt, workspace_id, worker_id)
       select * from unnest($1::uuid[], $2::smallint[], $3::uuid[], $4::text[])`,
      values: [
        fresh.map((message) => message.id),
        fresh.map(attempt),
        fresh.map((message) => message.workspace_id),
        fresh.map(() => options.workerId),
      ],
    });
    const batch: OutboxMessage[] = fresh.map((message) => ({
      id: message.id,
      workspaceId: message.workspace_id,
      caseId: message.case_id,
      channel,
      connector,
      template: message.template,
      recipient: message.recipient,
      attempt: attempt(message),
      content: (renders.get(message.id) as Extract<RenderOutcome, { ok: true }>).content,
      sender: (renders.get(message.id) as Extract<RenderOutcome, { ok: true }>).sender,
    }));
    let results: DispatchResult[];
    try {
      results = await dispatcher.dispatch(batch);
      if (results.length !== batch.length) {
        throw new Error(`returned ${results.length} results for ${batch.length} messages`);
      }
    } catch (error) {
      // The connector's fault, not the worker's: log it as such and retry the messages.
      options.logger.error(
        { err: error, connector },
        `Connector “${connector}” failed while sending; the messages will be retried`,
      );
      results = batch.map(() => ({
        status: 'failed',
        retryable: true,
        reason: `connector error: ${(error as Error).message}`,
      }));
    }
    fresh.forEach((message, index) => {
      const result = results[index]!;
      const attempts = attempt(message);
      const rendered = renders.get(message.id) as Extract<RenderOutcome, { ok: true }>;
      if (result.status === 'sent') {
        outcomes.push({
          ...base(message),
          status: 'sent',
          attempts,
          reportExpected: result.reportExpected,
          reportDueAt:
            result.reportExpected && result.reportWithinMinutes !== undefined
              ? new Date(Date.now() + result.reportWithinMinutes * 60_000)
              : null,
          providerMessageId: result.providerMessageId,
          rendered,
        });
      } else if (result.retryable && attempts < (options.maxAttempts ?? defaultMaxAttempts)) {
        outcomes.push({
          ...base(message),
          attempts,
          failureReason: result.reason,
          retryAt: new Date(Date.now() + retryDelayMinutes(attempts) * 60_000),
        });
      } else {
        outcomes.push({ ...base(message), status: 'failed', attempts, failureReason: result.reason, rendered });
      }
    });
  }
  return outcomes;
}

/** Writes the outcomes and their timeline events. */
async function recordOutcomes(client: PoolClient, channel: Channel, outcomes: Outcome[]): Promise<void> {
  await client.query({
    name: 'collectflow.outbox-outcomes',
    text: `with outcome as (
       select * from unnest($1::uuid[], $2::message_status[], $3::smallint[], $4::boolean[], $5::text[], $6::text[],
                            $7::timestamptz[], $9::uuid[], $10::text[], $11::text[], $12::timestamptz[])
                  as o(id, status, attempts, report_expected, provider_message_id, failure_reason, retry_at,
                       template_version_id, language, subject, report_due_at)
     ), updated as (
       update messages m
          set status = o.status, attempts = o.attempts, report_expected = o.report_expected,
              report_due_at = o.report_due_at,
              provider_message_id = coalesce(o.provider_message_id, m.provider_message_id),
              failure_reason = o.failure_reason,
              template_version_id = coalesce(o.template_version_id, m.template_version_id),
              language = coalesce(o.language, m.language),
              subject = coalesce(o.subject, m.subject),
              send_after = coalesce(o.retry_at, m.send_after),
              sent_at = case when o.status = 'sent' then now() else m.sent_at end,
              finished_at = case when o.status in ('failed', 'cancelled') or (o.status = 'sent' and not o.report_expected)
                                 then now() end,
              updated_at = now()
         from outcome o
        where m.id = any($1::uuid[]) and m.id = o.id
        returning m.id, m.workspace_id, m.case_id, m.run_id, m.node_id, m.template, o.status, o.attempts, o.failure_reason, o.retry_at,
                  o.template_version_id, o.language
     )
     insert into events (workspace_id, case_id, type, source, payload)
     select workspace_id, case_id,
            case when status = 'sent' then 'message.sent'
                 when status = 'failed' then 'message.failed'
                 when status = 'cancelled' then 'message.cancelled'
                 else 'message.retrying' end,
            'connector',
            jsonb_strip_nulls(jsonb_build_object('messageId', id, 'runId', run_id, 'nodeId', node_id, 'channel', $8::text,
                              'template', template, 'templateVersionId', template_version_id, 'language', language,
                              'attempt', attempts, 'reason', failure_reason, 'retryAt', retry_at))
       from updated
      where not (status = 'queued' and failure_reason is null)`,
    values: [
      outcomes.map((outcome) => outcome.id),
      outcomes.map((outcome) => outcome.status),
      outcomes.map((outcome) => outcome.attempts),
      outcomes.map((outcome) => outcome.reportExpected),
      outcomes.map((outcome) => outcome.providerMessageId),
      outcomes.map((outcome) => outcome.failureReason),
      outcomes.map((outcome) => outcome.retryAt),
      channel,
      outcomes.map((outcome) => outcome.rendered?.templateVersionId ?? null),
      outcomes.map((outcome) => outcome.rendered?.content.language ?? null),
      outcomes.map((outcome) => outcome.rendered?.content.subject ?? null),
      outcomes.map((outcome) => outcome.reportDueAt),
    ],
  });
}
