/**
 * Records what a recipient did with a message: opened it (first time only) or clicked a link
 * (every click; a click also counts as opening). A click on the case's paylink is its own event,
 * `message.paylink_clicked`, which also wakes flows waiting for any click. Each event wakes the
 * runs of the case waiting for it.
 */
import { wakeRunsWaitingFor } from '../cases/case-events.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import type { TrackedMessage } from './tracking-links.ts';

interface Touched {
  case_id: string;
  channel: string;
  template: string;
  node_id: string | null;
  first_open: boolean;
}

async function touch(
  pool: Pool,
  message: TrackedMessage,
  event: { type: string; url?: string } | null,
): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<Touched>(
      `with old as (
         select id, opened_at from messages where workspace_id = $1 and id = $2 for update
       )
       update messages m
          set opened_at = coalesce(m.opened_at, now()),
              clicked_at = case when $3 then coalesce(m.clicked_at, now()) else m.clicked_at end
         from old
        where m.workspace_id = $1 and m.id = old.id
       returning m.case_id, m.channel::text, m.template, m.node_id, old.opened_at is null as first_open`,
      [message.workspaceId, message.messageId, event !== null],
    );
    const touched = rows[0];
    if (!touched) return false;
    const payload = {
      messageId: message.messageId,
      channel: touched.channel,
      template: touched.template,
      nodeId: touched.node_id,
    };
    const types = [...(touched.first_open ? ['message.opened'] : []), ...(event ? [event.type] : [])];
    for (const type of types) {
      await client.query(
        `insert into events (workspace_id, case_id, type, source, payload) values ($1, $2, $3, 'debtor', $4)`,
        [
          message.workspaceId,
          touched.case_id,
          type,
          JSON.stringify(type === 'message.opened' ? payload : { ...payload, url: event?.url }),
        ],
      );
      await wakeRunsWaitingFor(client, message.workspaceId, touched.case_id, type);
    }
    if (event?.type === 'message.paylink_clicked') {
      await wakeRunsWaitingFor(client, message.workspaceId, touched.case_id, 'message.clicked');
    }
    return true;
  });
}

/** Records the first opening of a message; false when there is no such message. */
export function recordOpen(pool: Pool, message: TrackedMessage): Promise<boolean> {
  return touch(pool, message, null);
}

/** Records a click on `url` in a message; `paylink`: the url is the case's paylink. */
export function recordClick(pool: Pool, message: TrackedMessage, url: string, paylink: boolean): Promise<boolean> {
  return touch(pool, message, { type: paylink ? 'message.paylink_clicked' : 'message.clicked', url });
}
