/**
 * Disputes from the paylink page and their resolution by an agent.
 *
 * A dispute pauses its case (its runs hold, its queued messages wait) and creates an agent task.
 * The attachment is checked by its first bytes, not by the name or type the browser claims. The
 * agent resolves it: `resume` — the case is open again and its flows go on (unless a promise or
 * plan still holds it) — or `close` — the case is closed and every reminder stops.
 */
import {
  type AgentTask,
  type DisputeInput,
  type DisputeKind,
  maxAttachmentBytes,
  type ResolveDisputeInput,
} from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { lockCaseHolds, pauseCase, resumeCase } from '../cases/case-pause.ts';
import { closeCase } from '../cases/close-case.ts';
import { inTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { findPaylinkCase } from '../paylinks/paylinks.ts';

const signatures: Record<string, (bytes: Buffer) => boolean> = {
  'application/pdf': (bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  'image/png': (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

function checkedAttachment(attachment: DisputeInput['attachment']) {
  if (!attachment) return null;
  const bytes = Buffer.from(attachment.data, 'base64');
  if (bytes.length === 0) throw new DomainError('BAD_REQUEST', 'The attachment is empty.', { field: 'attachment' });
  if (bytes.length > maxAttachmentBytes) {
    throw new DomainError('BAD_REQUEST', 'The attachment is larger than 5 MB; please send a smaller file.', {
      field: 'attachment',
    });
  }
  if (!signatures[attachment.type]?.(bytes)) {
    throw new DomainError('BAD_REQUEST', 'The attachment is not a PDF, JPEG or PNG file.', { field: 'attachment' });
  }
  return { name: attachment.name, type: attachment.type, bytes };
}

export async function openDispute(pool: Pool, token: string, input: DisputeInput): Promise<{ disputeId: string }> {
  const found = await findPaylinkCase(pool, token);
  if (!found) throw new DomainError('NOT_FOUND', 'This payment link does not exist.');
  const { workspaceId, caseId } = found;
  const attachment = checkedAttachment(input.attachment);
  if (input.message.length === 0 && !attachment) {
    throw new DomainError('BAD_REQUEST', 'Tell us in a few words what is wrong, or attach a document.', {
      field: 'message',
    });
  }
  return inTransaction(pool, async (client) => {
    const current = await lockCaseHolds(client, workspaceId, caseId);
    if (!current || (current.status !== 'open' && current.status !== 'paused')) {
      throw new DomainError('CONFLICT', 'This case is settled; there is nothing left to dispute.');
    }
    if (current.disputed) {
      throw new DomainError('CONFLICT', 'We already have your message and will get back to you.');
    }
    const disputeId = await insertDispute(client, {
      workspaceId,
      caseId,
      kind: input.kind,
      message: input.message,
      attachment,
      actorUserId: null,
    });
    return { disputeId };
  });
}

interface NewDispute {
  workspaceId: string;
  caseId: string;
  kind: DisputeKind;
  message: string;
  attachment: ReturnType<typeof checkedAttachment>;
  /** An agent recorded it (a customer said so on the phone); null: the debtor, on the paylink page. */
  actorUserId: string | null;
}

/**
 * Writes a dispute with its agent task, pauses the case and records `dispute.opened`, in the
 * caller's transaction, with the case locked by `lockCaseHolds` and known to have none open.
 */
export async function insertDispute(client: Queryable, dispute: NewDispute): Promise<string> {
  const { workspaceId, caseId, attachment } = dispute;
  const { rows: created } = await client.query<{ id: string }>(
    `insert into disputes (workspace_id, case_id, kind, message, attachment_name, attachment_type, attachment)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      workspaceId,
      caseId,
      dispute.kind,
      dispute.message,
      attachment?.name ?? null,
      attachment?.type ?? null,
      attachment?.bytes ?? null,
    ],
  );
  const disputeId = created[0]!.id;
  await client.query(
    `insert into agent_tasks (workspace_id, case_id, kind, dispute_id) values ($1, $2, 'dispute', $3)`,
    [workspaceId, caseId, disputeId],
  );
  await pauseCase(client, workspaceId, caseId);
  await recordCaseEvent(client, {
    workspaceId,
    caseId,
    type: 'dispute.opened',
    source: dispute.actorUserId ? 'user' : 'debtor',
    actorUserId: dispute.actorUserId,
    payload: {
      disputeId,
      kind: dispute.kind,
      attachment: attachment ? { name: attachment.name, type: attachment.type, bytes: attachment.bytes.length } : null,
      ...(dispute.actorUserId ? { message: dispute.message } : {}),
    },
  });
  return disputeId;
}

/** The open dispute of a case, as its paylink page mentions it. */
export async function openDisputeOf(
  db: Queryable,
  workspaceId: string,
  caseId: string,
): Promise<{ kind: string; createdAt: string } | null> {
  const { rows } = await db.query<{ kind: string; created_at: string }>(
    `select kind, to_json(created_at) #>> '{}' as created_at from disputes
      where workspace_id = $1 and case_id = $2 and status = 'open'`,
    [workspaceId, caseId],
  );
  return rows[0] ? { kind: rows[0].kind, createdAt: rows[0].created_at } : null;
}

/** Open agent tasks of a workspace (disputes, call-back requests), oldest first. */
export async function listOpenTasks(db: Queryable, workspaceId: string): Promise<AgentTask[]> {
  const { rows } = await db.query<AgentTask>(
    `select t.id, t.kind, t.case_id as "caseId", to_json(t.created_at) #>> '{}' as "createdAt", t.note,
            json_build_object('externalId', d.external_id, 'phone', d.phone,
              'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name))) as debtor,
            c.open_amount_minor as "openMinor", c.currency::text as currency,
            case when s.id is null then null else
              json_build_object('id', s.id, 'kind', s.kind, 'message', s.message,
                'attachment', case when s.attachment is null then null else
                  json_build_object('name', s.attachment_name, 'type', s.attachment_type,
                                    'bytes', octet_length(s.attachment)) end) end as dispute
       from agent_tasks t
       join cases c on c.workspace_id = t.workspace_id and c.id = t.case_id
       join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
       left join disputes s on s.workspace_id = t.workspace_id and s.id = t.dispute_id
      where t.workspace_id = $1 and t.status = 'open'
      order by t.created_at
      limit 500`,
    [workspaceId],
  );
  return rows;
}

/** A dispute's attachment, for the agent to open. */
export async function disputeAttachment(
  db: Queryable,
  workspaceId: string,
  disputeId: string,
): Promise<{ name: string; type: string; base64: string }> {
  const { rows } = await db.query<{ name: string; type: string; attachment: Buffer }>(
    `select attachment_name as name, attachment_type as type, attachment from disputes
      where workspace_id = $1 and id = $2 and attachment is not null`,
    [workspaceId, disputeId],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'This dispute has no attachment.');
  return { name: rows[0].name, type: rows[0].type, base64: rows[0].attachment.toString('base64') };
}

export async function resolveDispute(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: ResolveDisputeInput,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ case_id: string; dispute_id: string; case_status: string }>(
      `select t.case_id, t.dispute_id, c.status::text as case_status
         from agent_tasks t join cases c on c.workspace_id = t.workspace_id and c.id = t.case_id
        where t.workspace_id = $1 and t.id = $2 and t.status = 'open' and t.kind = 'dispute' for update of t, c`,
      [workspaceId, input.taskId],
    );
    const task = rows[0];
    if (!task) throw new DomainError('NOT_FOUND', 'This task is done already or does not exist.');
    const { case_id: caseId, dispute_id: disputeId } = task;
    await client.query(
      `update agent_tasks set status = 'done', done_at = now(), done_by = $3 where workspace_id = $1 and id = $2`,
      [workspaceId, input.taskId, userId],
    );
    await client.query(
      `update disputes set status = $3, resolution_note = $4, resolved_at = now(), resolved_by = $5
        where workspace_id = $1 and id = $2`,
      [workspaceId, disputeId, input.outcome === 'resume' ? 'resumed' : 'closed', input.note, userId],
    );
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'dispute.resolved',
      source: 'user',
      actorUserId: userId,
      payload: { disputeId, outcome: input.outcome, note: input.note },
    });
    if (task.case_status !== 'open' && task.case_status !== 'paused') return;
    if (input.outcome === 'close') {
      await closeCase(client, workspaceId, caseId, 'closed', 'dispute');
      return;
    }
    // Resumed, unless a promise or an installment plan still holds the case.
    await resumeCase(client, workspaceId, caseId);
  });
}
