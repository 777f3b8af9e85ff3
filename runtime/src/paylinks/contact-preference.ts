/**
 * The channel a debtor wants to be reached on, chosen on their paylink page: e-mail, SMS or
 * letter — only among those we have their details for — or no preference. It is the debtor's
 * (all their cases), recorded on the timeline, and flows route by it (`preferredChannel` step,
 * or a condition on `debtor.preferred_channel`).
 */
import type { Channel } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { inTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { findPaylinkCase } from './paylinks.ts';

export interface ContactChoice {
  /** The channels the debtor may choose: those we have an address, number or postal address for. */
  channels: Channel[];
  preferredChannel: Channel | null;
}

const choosable = (row: { email: string | null; phone: string | null; address_line1: string | null }): Channel[] => [
  ...(row.email ? (['email'] as const) : []),
  ...(row.phone ? (['sms'] as const) : []),
  ...(row.address_line1 ? (['letter'] as const) : []),
];

export async function contactChoiceOf(db: Queryable, workspaceId: string, caseId: string): Promise<ContactChoice> {
  const { rows } = await db.query<{
    email: string | null;
    phone: string | null;
    address_line1: string | null;
    preferred_channel: Channel | null;
  }>(
    `select d.email, d.phone, d.address_line1, d.preferred_channel::text as preferred_channel
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, caseId],
  );
  const row = rows[0];
  return row
    ? { channels: choosable(row), preferredChannel: row.preferred_channel }
    : { channels: [], preferredChannel: null };
}

export async function choosePreferredChannel(pool: Pool, token: string, channel: Channel | null): Promise<void> {
  const found = await findPaylinkCase(pool, token);
  if (!found) throw new DomainError('NOT_FOUND', 'This payment link does not exist.');
  const { workspaceId, caseId } = found;
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      debtor_id: string;
      email: string | null;
      phone: string | null;
      address_line1: string | null;
      preferred_channel: Channel | null;
    }>(
      `select d.id as debtor_id, d.email, d.phone, d.address_line1, d.preferred_channel::text as preferred_channel
         from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
        where c.workspace_id = $1 and c.id = $2 for no key update of d`,
      [workspaceId, caseId],
    );
    const debtor = rows[0]!;
    if (channel && !choosable(debtor).includes(channel)) {
      throw new DomainError('BAD_REQUEST', 'We cannot reach you that way; please choose another.', {
        field: 'preferredChannel',
      });
    }
    if (debtor.preferred_channel === channel) return;
    await client.query(
      'update debtors set preferred_channel = $3::channel, updated_at = now() where workspace_id = $1 and id = $2',
      [workspaceId, debtor.debtor_id, channel],
    );
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'debtor.preference_changed',
      source: 'debtor',
      payload: { preferredChannel: channel, previous: debtor.preferred_channel },
    });
  });
}
