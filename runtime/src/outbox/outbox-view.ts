/**
 * The outbox for staff: the workspace's messages newest first (keyset pages), and one message
 * rendered as its recipient sees it — from the template version it was sent with, for the day
 * it was sent, with the case's data as it is now.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxItem, OutboxMessage, OutboxPage, OutboxQuery } from '@collectflow/shared';
import { OutboxQuery as OutboxQuerySchema } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { Paylinks } from '../paylinks/paylinks.ts';
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
  links: { publicUrl: string; paylinks: Paylinks },
): Promise<OutboxMessage> {
  const { rows } = await db.query<
    OutboxItem & {
      templateVersionId: string | null;
      templateVersion: number | null;
      day: string;
      folder: string | null;
      reference: string | null;
    }
  >(
    `select ${itemColumns}, m.template_version_id as "templateVersionId", v.version as "templateVersion",
            to_char(coalesce(m.sent_at, now()) at time zone 'UTC', 'YYYY-MM-DD') as day,
            case when k.connector = 'letter-pdf' then k.settings ->> 'folder' end as folder,
            m.provider_message_id as reference
       from messages m join debtors d on d.workspace_id = m.workspace_id and d.id = m.debtor_id
       left join template_versions v on v.id = m.template_version_id
       left join connector_configs k on k.workspace_id = m.workspace_id and k.key = m.connector
      where m.workspace_id = $1 and m.id = $2`,
    [workspaceId, messageId],
  );
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', 'This message does not exist (or belongs to another workspace).');
  const { templateVersionId, templateVersion, day, folder, reference, ...item } = row;
  const outcome = (
    await renderClaimedMessages(
      db,
      [{ id: item.id, workspaceId, caseId: item.caseId, template: item.template, templateVersionId }],
      { publicUrl: links.publicUrl, paylinks: links.paylinks, today: day },
    )
  ).get(item.id);
  return {
    ...item,
    rendered: outcome?.ok ? outcome.content : null,
    renderProblem: outcome?.ok ? null : (outcome?.reason ?? 'not rendered'),
    templateVersion,
    renderedForDay: day,
    printFile: item.channel === 'letter' ? printedLetterFile(folder, item.id, reference) : null,
  };
}

/**
 * Where a letter's PDF is: the print folder's reference for it (its path), accepted only if it
 * is that message's file inside the connector's folder.
 */
function printedLetterFile(folder: string | null, messageId: string, reference: string | null): string | null {
  if (!folder || !reference) return null;
  const file = path.resolve(reference);
  const inFolder = file.startsWith(path.resolve(folder) + path.sep);
  return inFolder && path.basename(file) === `${messageId}.pdf` ? file : null;
}

/**
 * The PDF of a letter in its print folder, as base64 for the browser to show; the path comes
 * from the connector's folder and the message id, never from the request.
 */
export async function outboxLetterPdf(
  db: Queryable,
  workspaceId: string,
  messageId: string,
): Promise<{ fileName: string; base64: string }> {
  const shown = await db.query<{ folder: string | null; provider_message_id: string | null }>(
    `select case when k.connector = 'letter-pdf' then k.settings ->> 'folder' end as folder, m.provider_message_id
       from messages m left join connector_configs k on k.workspace_id = m.workspace_id and k.key = m.connector
      where m.workspace_id = $1 and m.id = $2 and m.channel = 'letter'`,
    [workspaceId, messageId],
  );
  const row = shown.rows[0];
  const file = row ? printedLetterFile(row.folder, messageId, row.provider_message_id) : null;
  if (!file) {
    throw new DomainError('NOT_FOUND', 'This letter was not printed to a PDF (or belongs to another workspace).');
  }
  try {
    return { fileName: `${messageId}.pdf`, base64: (await readFile(file)).toString('base64') };
  } catch {
    throw new DomainError('NOT_FOUND', 'The PDF is no longer in the print folder (collected or cleaned up).');
  }
}
