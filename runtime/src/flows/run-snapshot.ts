/**
 * A run as a step sees it, read in one query: the run with its case, flow and debtor, the
 * outcome of the message it waits for, and the case's segment facts. Read without a lock for
 * an optimistic step (whose write then checks that nothing changed), or locked for a step that
 * must change other rows in the same transaction.
 */
import type { Consents, Language, SegmentFactsRow } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { segmentFactsColumns } from '../segments/case-facts.ts';

export interface RunSnapshot {
  id: string;
  workspaceId: string;
  caseId: string;
  flowId: string;
  flowVersion: number;
  flowName: string;
  flowStatus: 'draft' | 'active' | 'paused' | 'archived';
  status: 'active' | 'completed' | 'exited' | 'failed';
  /** Goes up with every change of the run. */
  revision: number;
  /** Where the run stands; null before its first step. */
  nodeId: string | null;
  nodeState: unknown;
  caseStatus: 'open' | 'paused' | 'paid' | 'closed';
  caseCurrency: string;
  debtor: DebtorContact;
  /** The case's segment facts, when read with the run (see {@link readRun}, {@link readRuns}). */
  facts: SegmentFactsRow | null;
  /** The message the run waits for at a channel node (`nodeState.messageId`), if any. */
  awaitedMessage: MessageOutcome | null;
}

export interface MessageOutcome {
  id: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'cancelled';
  reportExpected: boolean;
  /** When a report expected is no longer waited for (ISO text from JSON, a Date from a row); null: the step's timeout. */
  reportDueAt: string | Date | null;
  failureReason: string | null;
}

export interface DebtorContact {
  id: string;
  name: string;
  language: Language;
  email: string | null;
  phone: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    postalCode: string | null;
    city: string | null;
    country: string | null;
  };
  consents: Consents;
}

/** The {@link DebtorContact} of the debtor aliased `d`, as one JSON value. */
export const debtorContactJson = `json_build_object(
  'id', d.id,
  'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)),
  'language', d.language, 'email', d.email, 'phone', d.phone,
  'address', json_build_object('line1', d.address_line1, 'line2', d.address_line2,
                               'postalCode', d.postal_code, 'city', d.city, 'country', d.country_code),
  'consents', d.consents)`;

/** `facts`: always, or only for runs whose next step may need them (`runs.needs_facts`). */
const snapshotSql = (lock: boolean, facts: 'always' | 'when-needed') => `
  select r.id, r.workspace_id as "workspaceId", r.case_id as "caseId", r.flow_id as "flowId",
         r.flow_version as "flowVersion", fl.name as "flowName", fl.status as "flowStatus", r.status, r.revision,
         r.node_id as "nodeId", r.node_state as "nodeState",
         c.status as "caseStatus", c.currency::text as "caseCurrency",
         ${debtorContactJson} as debtor,
         case when ${facts === 'always' ? 'true' : 'r.needs_facts'}
              then (select to_json(facts) from (select ${segmentFactsColumns} from case_segment_facts f
                                                 where f.workspace_id = r.workspace_id and f.case_id = r.case_id) facts)
         end as facts,
         (select json_build_object('id', m.id, 'status', m.status, 'reportExpected', m.report_expected,
                                   'reportDueAt', m.report_due_at, 'failureReason', m.failure_reason)
            from messages m
           -- By primary key: a plan cached while the outbox was empty would otherwise keep
           -- scanning the workspace's messages (the workspace compared as text stays a filter).
           where m.id = (case when r.node_state ->> 'messageId' ~ '^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$'
                              then (r.node_state ->> 'messageId')::uuid end)
             and m.workspace_id::text = r.workspace_id::text)
         as "awaitedMessage"
    from runs r
    join cases c on c.workspace_id = r.workspace_id and c.id = r.case_id
    join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
    join flows fl on fl.workspace_id = r.workspace_id and fl.id = r.flow_id
   where r.id = any($1::uuid[])
   ${lock ? 'for update of r' : ''}`;

const readUnlocked = snapshotSql(false, 'always');
const readLocked = snapshotSql(true, 'always');
const readMany = snapshotSql(false, 'when-needed');

/**
 * Reads many runs at once (for a batch of steps), without locking them, with the facts of those
 * whose next step may need them.
 */
export async function readRuns(db: Queryable, runIds: readonly string[]): Promise<RunSnapshot[]> {
  const { rows } = await db.query<RunSnapshot>({ name: 'collectflow.read-runs', text: readMany, values: [runIds] });
  return rows;
}

/**
 * The outcome of a message. Not a prepared statement on purpose: a plan cached while the outbox
 * was still empty (a sequential scan) would be kept as it grows.
 */
export async function readMessageOutcome(
  db: Queryable,
  workspaceId: string,
  messageId: string,
): Promise<MessageOutcome | null> {
  const { rows } = await db.query<MessageOutcome>(
    `select id, status, report_expected as "reportExpected", report_due_at as "reportDueAt",
            failure_reason as "failureReason"
       from messages where workspace_id = $1 and id = $2`,
    [workspaceId, messageId],
  );
  return rows[0] ?? null;
}

/** Reads a run (locking its row until the end of the transaction with `lock`); null if there is none. */
export async function readRun(db: Queryable, runId: string, { lock }: { lock: boolean }): Promise<RunSnapshot | null> {
  const { rows } = await db.query<RunSnapshot>({
    name: lock ? 'collectflow.read-run-locked' : 'collectflow.read-run',
    text: lock ? readLocked : readUnlocked,
    values: [[runId]],
  });
  return rows[0] ?? null;
}
