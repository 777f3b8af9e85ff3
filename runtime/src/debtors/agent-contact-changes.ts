/**
 * An agent corrects a debtor's contact data or consents, or changes the channel to reach them
 * on. Only what changed is written; the change, field by field with its old and new value,
 * and the agent's reason go on the timeline of every open case of the debtor (and of the case
 * the agent worked on, whatever its state).
 */
import {
  type CaseActionResult,
  type ChangePreferredChannelInput,
  type Channel,
  type ChannelConsent,
  type Consents,
  UpdateContactInput,
} from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { caseNotFound } from '../cases/case-queries.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const contactColumns = {
  email: 'email',
  phone: 'phone',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  postalCode: 'postal_code',
  city: 'city',
  countryCode: 'country_code',
} as const;
type ContactField = keyof typeof contactColumns;

interface DebtorRow extends Record<ContactField, string | null> {
  id: string;
  consents: Consents;
  preferredChannel: Channel | null;
}

async function lockDebtorOfCase(client: PoolClient, workspaceId: string, caseId: string): Promise<DebtorRow> {
  const columns = Object.entries(contactColumns).map(([field, column]) => `d.${column} as "${field}"`);
  const { rows } = await client.query<DebtorRow>(
    `select d.id, d.consents, d.preferred_channel::text as "preferredChannel", ${columns.join(', ')}
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2 for update of d`,
    [workspaceId, caseId],
  );
  if (!rows[0]) throw caseNotFound(caseId);
  return rows[0];
}

type Changes = Record<string, { from: unknown; to: unknown }>;

/** Records the change on the debtor's open cases and on `caseId`. */
async function recordOnCases(
  client: PoolClient,
  workspaceId: string,
  caseId: string,
  debtorId: string,
  event: { type: 'debtor.contact_changed' | 'debtor.preference_changed'; payload: Record<string, unknown> },
  userId: string,
): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    `select id from cases where workspace_id = $1 and debtor_id = $2 and (status in ('open', 'paused') or id = $3)`,
    [workspaceId, debtorId, caseId],
  );
  for (const { id } of rows) {
    await recordCaseEvent(client, {
      workspaceId,
      caseId: id,
      type: event.type,
      source: 'user',
      actorUserId: userId,
      payload: event.payload,
    });
  }
}

export async function updateContactByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: UpdateContactInput,
): Promise<CaseActionResult> {
  const update = UpdateContactInput.parse(input);
  return inTransaction(pool, async (client) => {
    const debtor = await lockDebtorOfCase(client, workspaceId, update.caseId);
    const changes: Changes = {};
    for (const field of Object.keys(contactColumns) as ContactField[]) {
      if (update[field] !== debtor[field]) changes[field] = { from: debtor[field], to: update[field] };
    }
    const consents: Consents = { ...debtor.consents };
    const at = new Date().toISOString();
    for (const [channel, granted] of Object.entries(update.consents) as [Channel, boolean][]) {
      const before = debtor.consents[channel]?.granted ?? null;
      if (before === granted) continue;
      const consent: ChannelConsent = { granted, at, source: `Agent: ${update.reason}`.slice(0, 200) };
      consents[channel] = consent;
      changes[`consent.${channel}`] = { from: before, to: granted };
    }
    if (Object.keys(changes).length === 0) {
      throw new DomainError('BAD_REQUEST', 'Nothing changed: the contact data is as it was.');
    }
    const params: unknown[] = [workspaceId, debtor.id, JSON.stringify(consents)];
    const sets = Object.keys(changes)
      .filter((key): key is ContactField => key in contactColumns)
      .map((field) => `${contactColumns[field]} = $${params.push(update[field])}`);
    await client.query(
      `update debtors set ${[...sets, 'consents = $3', 'updated_at = now()'].join(', ')} where workspace_id = $1 and id = $2`,
      params,
    );
    await recordOnCases(
      client,
      workspaceId,
      update.caseId,
      debtor.id,
      { type: 'debtor.contact_changed', payload: { changes, reason: update.reason } },
      userId,
    );
    const count = Object.keys(changes).length;
    return {
      outcome: `Saved ${count} ${count === 1 ? 'change' : 'changes'}; the case history shows old and new values.`,
    };
  });
}

export async function changePreferredChannelByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: ChangePreferredChannelInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    const debtor = await lockDebtorOfCase(client, workspaceId, input.caseId);
    if (debtor.preferredChannel === input.preferredChannel) {
      throw new DomainError('BAD_REQUEST', 'This is the preferred channel already.', { field: 'preferredChannel' });
    }
    await client.query(
      'update debtors set preferred_channel = $3::channel, updated_at = now() where workspace_id = $1 and id = $2',
      [workspaceId, debtor.id, input.preferredChannel],
    );
    await recordOnCases(
      client,
      workspaceId,
      input.caseId,
      debtor.id,
      {
        type: 'debtor.preference_changed',
        payload: { preferredChannel: input.preferredChannel, previous: debtor.preferredChannel, reason: input.reason },
      },
      userId,
    );
    return {
      outcome: input.preferredChannel
        ? 'Saved. Flows that follow the debtor’s preference use this channel from their next step.'
        : 'Saved. The debtor has no preferred channel now.',
    };
  });
}
