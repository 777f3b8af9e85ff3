/**
 * The outbox for staff: the workspace's messages newest first (keyset pages), and one message
 * rendered as its recipient sees it — from the template version it was sent with, for the day
 * it was sent, with the case's data as it is now.
 */

import { printFolderPaths } from '@collectflow/connectors';
import type { OutboxItem, OutboxMessage, OutboxPage, OutboxQuery } from '@collectflow/shared';
import { OutboxQuery as OutboxQuerySchema } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { renderClaimedMessages } from './render-claimed-messages.ts';

const itemColumns = `m.id, m.case_id as "caseId",
  coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)) as "debtorName",
  m.channel::text as channel, m.connector, m.template, m.recipient, m.status::text as status,
  m.failure_reason as "failureReason", m.attempts,
  to_json(m.created_at) #>> '{}' as "createdAt", to_json(m.sent_at) #>> '{}' as "sentAt",
  to_json(m.opened_at) #>> '{}' as "openedAt", to_json(m.clicked_at) #>> '{}' as "clickedAt"`;

export async function listOutbox(db: Queryable, workspaceId: string, query: OutboxQuery): Promise<OutboxPage> {
  const { channel, status, before, limit } = OutboxQuerySchema.parse(query);
  const [micros, id] = before ? before.split('_') : [null, null];
  const { rows } = await db.query<OutboxItem & { micros: string }>(
    `select ${itemColumns}, (extract(epoch from m.created_at) * 1000000)::bigint::text as micros
       from messages m join debtors d on d.workspace_id = m.workspace_id and d.id = m.debtor_id
      where m.workspace_id = $1
        and ($2::channel is null or m.channel = $2)
        and ($3::message_status is null or m.status = $3)
        and ($4::bigint is null or (m.created_at, m.id) < (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::uuid))
      order by m.created_at desc, m.id desc
      limit $6`,
    [workspaceId, channel ?? null, status ?? null, micros, id, limit + 1],
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ micros: _, ...item }) => item),
    next: rows.length > limit && last ? `${last.micros}_${last.id}` : null,
  };
}

export async function showOutboxMessage(
  db: Queryable,
  workspaceId: string,
  messageId: string,
  publicUrl: string,
): Promise<OutboxMessage> {
  const { rows } = await db.query<
    OutboxItem & {
      templateVersionId: string | null;
      templateVersion: number | null;
      day: string;
      folder: string | null;
    }
  >(
    `select ${itemColumns}, m.template_version_id as "templateVersionId", v.version as "templateVersion",
            to_char(coalesce(m.sent_at, now()) at time zone 'UTC', 'YYYY-MM-DD') as day,
            case when k.connector = 'letter-pdf' then k.settings ->> 'folder' end as folder
       from messages m join debtors d on d.workspace_id = m.workspace_id and d.id = m.debtor_id
       left join template_versions v on v.id = m.template_version_id
       left join connector_configs k on k.workspace_id = m.workspace_id and k.key = m.connector
      where m.workspace_id = $1 and m.id = $2`,
    [workspaceId, messageId],
  );
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', 'This message does not exist (or belongs to another workspace).');
  const { templateVersionId, templateVersion, day, folder, ...item } = row;
  const outcome = (
    await renderClaimedMessages(
      db,
      [{ id: item.id, workspaceId, caseId: item.caseId, template: item.template, templateVersionId }],
      { publicUrl, today: day },
    )
  ).get(item.id);
  const sentToPrinter = item.channel === 'letter' && folder && item.sentAt && item.status !== 'queued';
  return {
    ...item,
    rendered: outcome?.ok ? outcome.content : null,
    renderProblem: outcome?.ok ? null : (outcome?.reason ?? 'not rendered'),
    templateVersion,
    renderedForDay: day,
    printFile: sentToPrinter ? printFolderPaths(folder, item.id, new Date(item.sentAt!)).pdf : null,
  };
}
