/**
 * What providers report after they took a message: delivered, failed (a hard bounce, a number
 * that does not exist, a call nobody answered) or "try again" (a soft bounce, a busy line). A
 * report changes only a message that is still `sent` through that connector of that workspace,
 * so a report delivered twice, or one about another workspace's message, changes nothing.
 * Final outcomes wake the run waiting for them, which then leaves the step by `sent` or `failed`.
 * Recipients' responses (a key pressed in a call) become timeline events.
 */
import type { DeliveryReport, RecipientResponse } from '@collectflow/connectors';
import { requestCallBacks } from '../call-backs/call-backs.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { scheduleRuns } from '../jobs/run-jobs.ts';
import { defaultMaxAttempts, lastRetryDelayMinutes, retryDelaysMinutes } from './send-due-messages.ts';

export interface RecordedReports {
  /** Reports that changed a message (the others were repeats, or about no such message). */
  recorded: number;
  /** Runs woken by a final outcome. */
  wokenRuns: string[];
}

export async function recordDeliveryReports(
  pool: Pool,
  workspaceId: string,
  connector: string,
  reports: readonly DeliveryReport[],
  maxAttempts = defaultMaxAttempts,
): Promise<RecordedReports> {
  if (reports.length === 0) return { recorded: 0, wokenRuns: [] };
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ run_id: string | null; status: string }>(
      `with report as (
         select distinct on (id) *
           from unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[]) as r(id, outcome, reason, details)
       ), updated as (
         update messages m
            set status = (case when r.outcome = 'delivered' then 'delivered'
                               when r.outcome = 'retry' and m.attempts < $7 then 'queued'
                               else 'failed' end)::message_status,
                failure_reason = case when r.outcome = 'delivered' then null
                                      when r.outcome = 'retry' and m.attempts >= $7
                                        then r.reason || ' (no attempts left)'
                                      else r.reason end,
                send_after = case when r.outcome = 'retry' and m.attempts < $7
                                  then now() + make_interval(mins => coalesce(($8::int[])[m.attempts], $9))
                                  else m.send_after end,
                finished_at = case when r.outcome = 'retry' and m.attempts < $7 then null else now() end,
                updated_at = now()
           from report r
          where m.workspace_id = $1 and m.connector = $2 and m.id = r.id and m.status = 'sent'
          returning m.id, m.case_id, m.run_id, m.node_id, m.channel, m.template, m.attempts, m.status,
                    m.failure_reason, m.send_after, r.details
       ), recorded as (
         insert into events (workspace_id, case_id, type, source, payload)
         select $1, case_id,
                case status when 'delivered' then 'message.delivered'
                            when 'queued' then 'message.retrying'
                            else 'message.failed' end,
                'connector',
                jsonb_strip_nulls(jsonb_build_object(
                  'messageId', id, 'runId', run_id, 'nodeId', node_id, 'channel', channel, 'template', template,
                  'attempt', attempts, 'reason', failure_reason,
                  'retryAt', case when status = 'queued' then send_after end,
                  'report', details))
           from updated
       )
       select run_id, status::text from updated`,
      [
        workspaceId,
        connector,
        reports.map((report) => report.messageId),
        reports.map((report) => report.outcome),
        reports.map((report) => report.reason),
        reports.map((report) => JSON.stringify(report.details ?? {})),
        maxAttempts,
        retryDelaysMinutes,
        lastRetryDelayMinutes,
      ],
    );
    const wokenRuns = rows.filter((row) => row.run_id && row.status !== 'queued').map((row) => row.run_id!);
    await scheduleRuns(client, wokenRuns);
    return { recorded: rows.length, wokenRuns };
  });
}

/** Records what recipients did in answer to messages of this connector (e.g. `message.keypress`). */
export async function recordRecipientResponses(
  pool: Pool,
  workspaceId: string,
  connector: string,
  responses: readonly RecipientResponse[],
): Promise<number> {
  if (responses.length === 0) return 0;
  const { rowCount } = await pool.query(
    `insert into events (workspace_id, case_id, type, source, payload)
     select m.workspace_id, m.case_id, 'message.' || r.type, 'debtor',
            jsonb_build_object('messageId', m.id, 'channel', m.channel) || r.details
       from unnest($3::uuid[], $4::text[], $5::jsonb[]) as r(id, type, details)
       join messages m on m.workspace_id = $1 and m.connector = $2 and m.id = r.id`,
    [
      workspaceId,
      connector,
      responses.map((response) => response.messageId),
      responses.map((response) => response.type),
      responses.map((response) => JSON.stringify(response.details)),
    ],
  );
  const callBacks = responses.filter(
    (response) => response.type === 'keypress' && response.details.choice === 'call-back',
  );
  await requestCallBacks(
    pool,
    workspaceId,
    callBacks.map((response) => response.messageId),
  );
  return rowCount ?? 0;
}
