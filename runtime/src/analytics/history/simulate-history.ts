/**
 * Past dunning for the demo and the dashboard benchmark: open cases are walked through a
 * published flow as if they had entered it on days spread over a period (walk-case.ts), and
 * everything the runtime would have written is written — runs, messages, timeline events,
 * payments, paid and handed-over cases — in batches of set-based inserts. Deterministic: the
 * same cases, flow and seed give the same history. It writes history only; the analytics
 * refresh then reads it like any other.
 */
import { randomUUID } from 'node:crypto';
import { type FlowGraph, toFlowDefinition } from '@collectflow/shared';
import { inTransaction, type Pool, type PoolClient } from '../../db/pool.ts';
import { seededRandom } from '../../ml/seeded-random.ts';
import { defaultResponseModel, type ResponseModel, type WalkResult, walkCase } from './walk-case.ts';

export interface SimulateHistoryOptions {
  workspaceId: string;
  flowId: string;
  /**
   * The cases to turn into history: cases never in a flow (open, or closed so that enrolment
   * leaves them alone meanwhile); each enters once. Others are skipped.
   */
  caseIds: readonly string[];
  /** Entries are spread evenly over these days (UTC, both included). */
  from: string;
  to: string;
  seed?: number;
  model?: ResponseModel;
  /** Also opens, failures and waits on the timeline (the demo); without: the lean set (the benchmark). */
  detailed?: boolean;
  /** Cases per transaction. Default: 2,000. */
  batchSize?: number;
  /** Transactions at once (connections of the pool). Default: 1. */
  concurrency?: number;
}

export interface SimulatedHistory {
  runs: number;
  messages: number;
  events: number;
  paid: number;
  handedOver: number;
}

interface CaseRow {
  id: string;
  debtor_id: string;
  email: string | null;
  phone: string | null;
  language: string;
  open_minor: number;
  currency: string;
}

export async function simulateHistory(pool: Pool, options: SimulateHistoryOptions): Promise<SimulatedHistory> {
  const { rows: versions } = await pool.query<{ graph: FlowGraph; version: number; name: string }>(
    `select v.graph, v.version, f.name from flows f
       join flow_versions v on v.workspace_id = f.workspace_id and v.flow_id = f.id and v.version = f.current_version
      where f.workspace_id = $1 and f.id = $2`,
    [options.workspaceId, options.flowId],
  );
  const published = versions[0];
  if (!published) throw new Error(`Flow ${options.flowId} has no published version to simulate`);
  const result = toFlowDefinition(published.graph);
  if (!result.ok)
    throw new Error(`Version ${published.version} of “${published.name}” is not valid: ${result.problems[0]!.message}`);
  const definition = result.definition;
  const start = Date.parse(`${options.from}T08:00:00Z`);
  const span = Date.parse(`${options.to}T08:00:00Z`) - start;
  const batchSize = options.batchSize ?? 2_000;
  const totals: SimulatedHistory = { runs: 0, messages: 0, events: 0, paid: 0, handedOver: 0 };

  const simulateBatch = async (offset: number) => {
    const batch = options.caseIds.slice(offset, offset + batchSize);
    await inTransaction(pool, async (client) => {
      const { rows: cases } = await client.query<CaseRow>(
        `select c.id, c.debtor_id, d.email, d.phone, d.language, c.currency,
                coalesce((select sum(i.open_amount_minor) from invoices i
                           where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open'), 0)::bigint
                  as open_minor
           from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
          where c.workspace_id = $1 and c.id = any($2::uuid[])
            and not exists (select 1 from runs r where r.workspace_id = c.workspace_id and r.case_id = c.id)`,
        [options.workspaceId, batch],
      );
      const byId = new Map(cases.map((row) => [row.id, row]));
      const walks: Array<{ row: CaseRow; runId: string; walk: WalkResult; enteredAt: Date }> = [];
      batch.forEach((caseId, index) => {
        const row = byId.get(caseId);
        if (!row) return;
        const position = offset + index;
        const enteredAt = new Date(
          start +
            (options.caseIds.length > 1 ? (span * position) / (options.caseIds.length - 1) : 0) +
            (position % 600) * 60_000,
        );
        const runId = randomUUID();
        const random = seededRandom((options.seed ?? 1) * 1_000_003 + position);
        const walk = walkCase(
          definition,
          { id: runId, caseId, flowId: options.flowId, flowName: published.name, version: published.version },
          enteredAt,
          random,
          options.model ?? defaultResponseModel,
          { detailed: options.detailed ?? false },
        );
        walks.push({ row, runId, walk, enteredAt });
      });
      await writeBatch(client, options, published.version, walks, totals);
    });
  };
  // Batches side by side on their own connections (each in its own transaction).
  const offsets = Array.from(
    { length: Math.ceil(options.caseIds.length / batchSize) },
    (_, index) => index * batchSize,
  );
  const lanes = Math.max(1, options.concurrency ?? 1);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let index = lane; index < offsets.length; index += lanes) await simulateBatch(offsets[index]!);
    }),
  );
  await pool.query('analyze runs; analyze messages; analyze events; analyze payments');
  return totals;
}

async function writeBatch(
  client: PoolClient,
  options: SimulateHistoryOptions,
  version: number,
  walks: Array<{ row: CaseRow; runId: string; walk: WalkResult; enteredAt: Date }>,
  totals: SimulatedHistory,
): Promise<void> {
  const { workspaceId, flowId } = options;
  await client.query(
    `insert into runs (id, workspace_id, case_id, flow_id, flow_version, status, node_id, steps, entered_at, finished_at,
                       exit_reason, updated_at, needs_facts)
     select r.id, $1, r.case_id, $2, $3, r.status::run_status, r.node_id, r.steps, r.entered_at, r.finished_at,
            r.exit_reason, r.finished_at, false
       from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::int[], $9::timestamptz[], $10::timestamptz[], $11::text[])
            as r (id, case_id, status, node_id, steps, entered_at, finished_at, exit_reason)`,
    [
      workspaceId,
      flowId,
      version,
      walks.map((w) => w.runId),
      walks.map((w) => w.row.id),
      walks.map((w) => w.walk.status),
      walks.map((w) => w.walk.nodeId),
      walks.map((w) => w.walk.steps),
      walks.map((w) => w.enteredAt.toISOString()),
      walks.map((w) => w.walk.finishedAt.toISOString()),
      walks.map((w) => w.walk.exitReason),
    ],
  );

  const messages = walks.flatMap((w) => w.walk.messages.map((message) => ({ ...message, runId: w.runId, row: w.row })));
  await client.query(
    `insert into messages (id, workspace_id, case_id, debtor_id, run_id, node_id, channel, connector, template, recipient,
                           status, send_after, attempts, sent_at, finished_at, created_at, updated_at, language,
                           failure_reason, template_version_id)
     select m.id, $1, m.case_id, m.debtor_id, m.run_id, m.node_id, m.channel::channel, m.connector, m.template,
            m.recipient, m.status::message_status, m.at, 1, case when m.status <> 'failed' then m.at end, m.at, m.at,
            m.at, m.language, case when m.status = 'failed' then 'The recipient’s server refused the message.' end,
            (select v.id from templates t
               join template_versions v on v.workspace_id = t.workspace_id and v.template_id = t.id
                                       and v.version = t.current_version
              where t.workspace_id = $1 and t.key = m.template)
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::timestamptz[], $13::text[])
            as m (id, case_id, debtor_id, run_id, node_id, channel, connector, template, recipient, status, at, language)`,
    [
      workspaceId,
      messages.map((m) => m.id),
      messages.map((m) => m.row.id),
      messages.map((m) => m.row.debtor_id),
      messages.map((m) => m.runId),
      messages.map((m) => m.nodeId),
      messages.map((m) => m.channel),
      messages.map((m) => m.connector),
      messages.map((m) => m.template),
      messages.map((m) => (m.channel === 'email' ? m.row.email : m.channel === 'letter' ? null : m.row.phone)),
      messages.map((m) =>
        m.failed ? 'failed' : m.channel === 'email' || m.channel === 'letter' ? 'sent' : 'delivered',
      ),
      messages.map((m) => m.at.toISOString()),
      messages.map((m) => m.row.language),
    ],
  );

  const paid = walks.filter((w) => w.walk.paidAt !== null);
  // The case was opened just before it entered the flow (events cannot be changed: replaced).
  await client.query(
    `delete from events where workspace_id = $1 and case_id = any($2::uuid[]) and type = 'case.opened'`,
    [workspaceId, walks.map((w) => w.row.id)],
  );
  const events = walks.flatMap((w) => [
    { caseId: w.row.id, type: 'case.opened', at: new Date(w.enteredAt.getTime() - 60_000), payload: {} },
    ...w.walk.events.map((event) => ({ caseId: w.row.id, ...event })),
    ...(w.walk.paidAt
      ? [
          {
            caseId: w.row.id,
            type: 'payment.received',
            at: w.walk.paidAt,
            payload: {
              amountMinor: Number(w.row.open_minor),
              appliedMinor: Number(w.row.open_minor),
              via: 'bank transfer',
            },
          },
          { caseId: w.row.id, type: 'case.paid', at: w.walk.paidAt, payload: {} },
        ]
      : w.walk.handedOverAt
        ? []
        : [
            {
              caseId: w.row.id,
              type: 'case.closed',
              at: w.walk.finishedAt,
              payload: { reason: 'Written off after the flow ended' },
            },
          ]),
  ]);
  await client.query(
    `insert into events (workspace_id, case_id, type, occurred_at, recorded_at, source, payload)
     select $1, e.case_id, e.type, e.at, e.at,
            case when e.type in ('payment.received', 'case.opened') then 'import' else 'system' end,
            e.payload
       from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::jsonb[]) as e (case_id, type, at, payload)`,
    [
      workspaceId,
      events.map((e) => e.caseId),
      events.map((e) => e.type),
      events.map((e) => e.at.toISOString()),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );

  // The payments settle every open invoice of the case; the invoices' trigger updates the case figures.
  await client.query(
    `with paid as (select * from unnest($2::uuid[], $3::timestamptz[]) as p (case_id, at)),
     payments as (
       insert into payments (workspace_id, case_id, invoice_id, amount_minor, currency, paid_at, source, created_at)
       select $1, i.case_id, i.id, i.open_amount_minor, i.currency, p.at, 'import', p.at
         from paid p join invoices i on i.workspace_id = $1 and i.case_id = p.case_id
        where i.status = 'open' and i.open_amount_minor > 0
       returning invoice_id, paid_at
     )
     update invoices i set open_amount_minor = 0, status = 'paid', updated_at = p.paid_at
       from payments p where i.workspace_id = $1 and i.id = p.invoice_id`,
    [workspaceId, paid.map((w) => w.row.id), paid.map((w) => w.walk.paidAt!.toISOString())],
  );
  // Paid cases are settled, handed-over ones closed; the others ended their flow and were written
  // off (history, not cases for today's agents).
  await client.query(
    `update cases c set status = s.status::case_status, closed_at = s.closed_at, opened_at = s.opened_at,
            updated_at = s.closed_at
       from unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[]) as s (case_id, status, closed_at, opened_at)
      where c.workspace_id = $1 and c.id = s.case_id`,
    [
      workspaceId,
      walks.map((w) => w.row.id),
      walks.map((w) => (w.walk.paidAt ? 'paid' : 'closed')),
      walks.map((w) => (w.walk.paidAt ?? w.walk.handedOverAt ?? w.walk.finishedAt).toISOString()),
      walks.map((w) => w.enteredAt.toISOString()),
    ],
  );
  totals.runs += walks.length;
  totals.messages += messages.length;
  totals.events += events.length;
  totals.paid += paid.length;
  totals.handedOver += walks.filter((w) => w.walk.handedOverAt !== null).length;
}
