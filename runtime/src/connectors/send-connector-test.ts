/**
 * "Send test message" on the Connectors page: a short fixed message through a configured
 * connector, to an address or number the administrator names — the quickest proof that the
 * settings, the credentials and the provider all work. Not an outbox message: no case, no
 * timeline, no flow. Letters have no test message (a test letter in the print folder would be
 * printed and posted); "Test connection" checks them.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ConnectorTestResult, RenderedMessage, SendConnectorTestInput } from '@collectflow/shared';
import { z } from 'zod';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { channelOfConnector } from './connector-configs.ts';
import type { WorkspaceConnectors } from './workspace-connectors.ts';

const PhoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/);

function testContent(channel: Channel, name: string): RenderedMessage {
  const line = `This is a test from Collectflow: the connector “${name}” works.`;
  switch (channel) {
    case 'email':
      return {
        channel,
        language: 'en',
        subject: `Collectflow test: ${name}`,
        html: `<!doctype html><html><body style="font-family:sans-serif"><p>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p><p>No action is needed.</p></body></html>`,
        text: `${line}\n\nNo action is needed.`,
      };
    case 'sms':
      return { channel, language: 'en', subject: null, html: null, text: line };
    case 'voice':
      return {
        channel,
        language: 'en',
        subject: null,
        html: null,
        text: `${line} No action is needed. Goodbye.`,
        speech: { locale: 'en-GB', voice: 'female' },
      };
    case 'letter':
      throw new DomainError(
        'BAD_REQUEST',
        'Letters have no test message: it would be printed and posted. Use “Test connection” instead.',
      );
  }
}

export async function sendConnectorTest(
  db: Queryable,
  connectors: WorkspaceConnectors,
  workspaceId: string,
  input: SendConnectorTestInput,
): Promise<ConnectorTestResult> {
  const { rows } = await db.query<{ connector: string; name: string }>(
    'select connector, name from connector_configs where workspace_id = $1 and key = $2',
    [workspaceId, input.key],
  );
  const config = rows[0];
  const channel = config ? channelOfConnector(config.connector) : null;
  const dispatcher = channel ? await connectors.dispatcherFor(workspaceId, input.key) : undefined;
  if (!config || !channel || !dispatcher) {
    throw new DomainError('NOT_FOUND', `There is no connector “${input.key}” in this workspace.`, { field: 'key' });
  }
  const content = testContent(channel, config.name);
  const wanted = channel === 'email' ? z.email() : PhoneNumber;
  if (!wanted.safeParse(input.recipient).success) {
    throw new DomainError(
      'BAD_REQUEST',
      channel === 'email'
        ? 'Enter an e-mail address such as you@company.example.'
        : 'Enter the number in international form, starting with + and the country code, e.g. +31612345678.',
      { field: 'recipient' },
    );
  }
  const [result] = await dispatcher.dispatch([
    {
      id: randomUUID(),
      workspaceId,
      caseId: '00000000-0000-0000-0000-000000000000',
      channel,
      connector: input.key,
      template: 'connector-test',
      recipient: input.recipient,
      attempt: 1,
      content,
      sender: null,
    },
  ]);
  if (result?.status !== 'sent') {
    throw new DomainError('BAD_REQUEST', `The test was not sent: ${result?.reason ?? 'no answer from the connector'}.`);
  }
  const reference = result.providerMessageId ? ` (reference ${result.providerMessageId})` : '';
  return { message: `Sent to ${input.recipient}${reference}.`, providerMessageId: result.providerMessageId };
}
