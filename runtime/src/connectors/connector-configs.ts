/**
 * Configured connectors of a workspace: saving (settings checked by the plugin's schema, secret
 * settings sealed apart from the rest), listing without secrets, and loading a working
 * connector for the sender.
 */
import { builtInConnectors, type ConfigurableConnectorDefinition } from '@collectflow/connectors';
import {
  type Channel,
  type ConnectorConfigSummary,
  issueMessage,
  type SaveConnectorConfigInput,
} from '@collectflow/shared';
import type { z } from 'zod';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { openSecrets, sealSecrets } from './secret-box.ts';

type AnyDefinition = ConfigurableConnectorDefinition;

export function connectorDefinition(connector: string): AnyDefinition | undefined {
  return builtInConnectors[connector];
}

/** The channel a plugin sends on; null for plugins that send nothing (payments). */
export function channelOfConnector(connector: string): Channel | null {
  const definition = connectorDefinition(connector);
  return definition?.kind === 'channel' ? definition.channel : null;
}

/** The plugins of the payment kind (to find the workspace's payment connector). */
export const paymentConnectorIds = Object.values(builtInConnectors)
  .filter((definition) => definition.kind === 'payment')
  .map((definition) => definition.id);

/** The plugins of the source kind (the ERPs the worker pulls from). */
export const sourceConnectorIds = Object.values(builtInConnectors)
  .filter((definition) => definition.kind === 'source')
  .map((definition) => definition.id);

const boundTo = (workspaceId: string, key: string) => `${workspaceId}/${key}`;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export async function saveConnectorConfig(
  db: Queryable,
  secretKey: Buffer,
  workspaceId: string,
  input: z.input<typeof SaveConnectorConfigInput>,
  userId: string | null,
): Promise<ConnectorConfigSummary> {
  const definition = connectorDefinition(input.connector);
  if (!definition) {
    throw new DomainError('BAD_REQUEST', `There is no connector “${input.connector}”.`, { field: 'connector' });
  }
  const secretFields = definition.secretFields as readonly string[];
  // The browser never sees secrets: an empty secret field keeps the value saved before.
  const { rows: existing } = await db.query<{ connector: string; secrets: Buffer | null }>(
    'select connector, secrets from connector_configs where workspace_id = $1 and key = $2',
    [workspaceId, input.key],
  );
  const kept =
    existing[0]?.secrets && existing[0].connector === input.connector
      ? openSecrets(secretKey, existing[0].secrets, boundTo(workspaceId, input.key))
      : {};
  const merged: Record<string, unknown> = { ...input.settings };
  for (const field of secretFields) {
    if (isEmpty(merged[field]) && !isEmpty(kept[field])) merged[field] = kept[field];
  }
  const parsed = definition.settings.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('BAD_REQUEST', issueMessage(issue), { field: `settings.${issue.path.join('.')}` });
  }
  const settings = parsed.data as Record<string, unknown>;
  const visible = Object.fromEntries(Object.entries(settings).filter(([field]) => !secretFields.includes(field)));
  const secrets = Object.fromEntries(
    Object.entries(settings).filter(([field, value]) => secretFields.includes(field) && !isEmpty(value)),
  );
  const sealed =
    Object.keys(secrets).length > 0 ? sealSecrets(secretKey, secrets, boundTo(workspaceId, input.key)) : null;
  await db.query(
    `insert into connector_configs (workspace_id, key, connector, name, settings, secrets, secret_fields, updated_by,
                                    cost_per_message)
     values ($1, $2, $3, $4, $5, $6, $7, $8, case when $10 then null else $9::numeric end)
     on conflict (workspace_id, key) do update
       set connector = excluded.connector, name = excluded.name, settings = excluded.settings,
           secrets = excluded.secrets, secret_fields = excluded.secret_fields,
           updated_at = now(), updated_by = excluded.updated_by,
           cost_per_message = case when $10 then connector_configs.cost_per_message else excluded.cost_per_message end`,
    [
      workspaceId,
      input.key,
      input.connector,
      input.name,
      JSON.stringify(visible),
      sealed,
      Object.keys(secrets),
      userId,
      input.costPerMessage ?? null,
      input.costPerMessage === undefined,
    ],
  );
  return (await listConnectorConfigs(db, workspaceId)).find((config) => config.key === input.key)!;
}

export async function listConnectorConfigs(
  db: Queryable,
  workspaceId: string,
  callbackUrlFor: (key: string) => string | null = () => null,
): Promise<ConnectorConfigSummary[]> {
  const { rows } = await db.query<Omit<ConnectorConfigSummary, 'kind' | 'channel' | 'callbackUrl'>>(
    `select c.key, c.connector, c.name, c.settings, c.secret_fields as "secretsSet",
            c.cost_per_message::float8 as "costPerMessage",
            to_json(c.updated_at) #>> '{}' as "updatedAt",
            json_build_object(
              'waiting', count(m.id) filter (where m.status = 'queued' or (m.status = 'sent' and m.report_expected
                                                   and coalesce(m.report_due_at > now(), true))),
              'sent', count(m.id) filter (where m.status = 'sent' and not (m.report_expected
                                                   and coalesce(m.report_due_at > now(), true))),
              'delivered', count(m.id) filter (where m.status = 'delivered'),
              'failed', count(m.id) filter (where m.status = 'failed'),
              'lastReportAt', to_json(max(m.finished_at) filter (where m.status in ('delivered', 'failed'))) #>> '{}'
            ) as deliveries
       from connector_configs c
       left join messages m on m.workspace_id = c.workspace_id and m.connector = c.key
                           and m.created_at > now() - interval '7 days'
      where c.workspace_id = $1
      group by c.id
      order by c.key`,
    [workspaceId],
  );
  return rows.map((row) => {
    const definition = connectorDefinition(row.connector);
    return {
      ...row,
      kind: definition?.kind ?? 'channel',
      channel: definition?.kind === 'channel' ? definition.channel : null,
      callbackUrl:
        definition?.kind === 'channel' && definition.callbackSetup === 'provider-console'
          ? callbackUrlFor(row.key)
          : null,
    };
  });
}

/** Keys a flow step may send through: the built-in sandbox and the workspace's configured connectors. */
export async function connectorKeysOf(db: Queryable, workspaceId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>('select key from connector_configs where workspace_id = $1', [
    workspaceId,
  ]);
  return new Set(['sandbox', ...rows.map((row) => row.key)]);
}

export interface LoadedConnector {
  definition: AnyDefinition;
  settings: unknown;
  updatedAt: string;
}

/** A configured connector with its secrets opened, or null when there is none with that key. */
export async function loadConnectorConfig(
  db: Queryable,
  secretKey: Buffer,
  workspaceId: string,
  key: string,
): Promise<LoadedConnector | null> {
  const { rows } = await db.query<{
    connector: string;
    settings: Record<string, unknown>;
    secrets: Buffer | null;
    updated_at: string;
  }>(
    `select connector, settings, secrets, to_json(updated_at) #>> '{}' as updated_at
       from connector_configs where workspace_id = $1 and key = $2`,
    [workspaceId, key],
  );
  const row = rows[0];
  if (!row) return null;
  const definition = connectorDefinition(row.connector);
  if (!definition) throw new Error(`connector ${key} uses the unknown plugin ${row.connector}`);
  const secrets = row.secrets ? openSecrets(secretKey, row.secrets, boundTo(workspaceId, key)) : {};
  return {
    definition,
    settings: definition.settings.parse({ ...row.settings, ...secrets }),
    updatedAt: row.updated_at,
  };
}

/** When the configuration of a connector last changed (to rebuild a cached one). */
export async function connectorUpdatedAt(db: Queryable, workspaceId: string, key: string): Promise<string | null> {
  const { rows } = await db.query<{ updated_at: string }>(
    `select to_json(updated_at) #>> '{}' as updated_at from connector_configs where workspace_id = $1 and key = $2`,
    [workspaceId, key],
  );
  return rows[0]?.updated_at ?? null;
}
