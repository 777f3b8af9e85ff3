/**
 * "Send test": the draft being edited, rendered exactly as the preview shows it (example values
 * or a real case), sent through a configured connector to an address the user names, with
 * "[Test]" before the subject. Not an outbox message: it belongs to no flow and no timeline.
 */
import { randomUUID } from 'node:crypto';
import { brandSender, type SendTestMessageInput } from '@collectflow/shared';
import { getBrand } from '../brands/brand-queries.ts';
import { channelOfConnector } from '../connectors/connector-configs.ts';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { Paylinks } from '../paylinks/paylinks.ts';
import { previewTemplate } from './preview-template.ts';

export async function sendTestMessage(
  db: Queryable,
  connectors: WorkspaceConnectors,
  workspaceId: string,
  input: SendTestMessageInput,
  links: { publicUrl: string; paylinks: Paylinks },
): Promise<{ providerMessageId: string | null }> {
  const { rows } = await db.query<{ connector: string; channel: string; brand_id: string }>(
    `select c.connector, t.channel, t.brand_id from connector_configs c
       join templates t on t.workspace_id = c.workspace_id and t.id = $3
      where c.workspace_id = $1 and c.key = $2`,
    [workspaceId, input.connector, input.templateId],
  );
  const found = rows[0];
  if (!found)
    throw new DomainError('NOT_FOUND', `There is no connector “${input.connector}” in this workspace.`, {
      field: 'connector',
    });
  const channel = channelOfConnector(found.connector);
  if (channel !== found.channel) {
    throw new DomainError(
      'BAD_REQUEST',
      `The connector “${input.connector}” does not send ${found.channel} messages.`,
      {
        field: 'connector',
      },
    );
  }
  if (found.channel !== 'email') {
    throw new DomainError('BAD_REQUEST', 'Test messages can be sent for e-mail templates so far.', {
      field: 'templateId',
    });
  }
  const rendered = await previewTemplate(db, workspaceId, input, links);
  const brand = await getBrand(db, workspaceId, found.brand_id);
  const identity = brandSender(brand, 'email');
  const dispatcher = await connectors.dispatcherFor(workspaceId, input.connector);
  if (!dispatcher) throw new DomainError('NOT_FOUND', `There is no connector “${input.connector}” in this workspace.`);
  const [result] = await dispatcher.dispatch([
    {
      id: randomUUID(),
      workspaceId,
      caseId: input.caseId ?? '00000000-0000-0000-0000-000000000000',
      channel: 'email',
      connector: input.connector,
      template: 'test',
      recipient: input.recipient,
      attempt: 1,
      content: { ...rendered, subject: `[Test] ${rendered.subject ?? ''}` },
      sender: identity ? { name: identity.name, address: identity.address } : null,
    },
  ]);
  if (result?.status === 'sent') return { providerMessageId: result.providerMessageId };
  throw new DomainError('BAD_REQUEST', `The test was not sent: ${result?.reason ?? 'no answer from the connector'}.`);
}
