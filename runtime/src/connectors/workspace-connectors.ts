/**
 * The connectors workspaces configured, as dispatchers the outbox sender can use and as
 * receivers of their providers' callbacks. Each is created once from its settings (its secrets
 * opened with the service's key) and kept while its configuration is unchanged; a changed
 * configuration builds a new one and closes the old.
 */
import type { ChannelConnector, ConnectorContext, PaymentConnector, SourceConnector } from '@collectflow/connectors';
import type { Queryable } from '../db/pool.ts';
import type { ChannelDispatcher } from '../outbox/channel-dispatcher.ts';
import { trackingKey, trackingLinks } from '../tracking/tracking-links.ts';
import { connectorCallbackUrl } from './connector-callback-url.ts';
import { connectorUpdatedAt, loadConnectorConfig, paymentConnectorIds } from './connector-configs.ts';

/** A working connector: one that sends (with the outbox's dispatcher for it), takes payments, or pulls from an ERP. */
export type WorkingConnector =
  | { kind: 'channel'; connector: ChannelConnector; dispatcher: ChannelDispatcher }
  | { kind: 'payment'; connector: PaymentConnector }
  | { kind: 'source'; connector: SourceConnector };

type Built = WorkingConnector & { updatedAt: string };

export class WorkspaceConnectors {
  private readonly built = new Map<string, Built>();
  /** One lookup at a time per connector: two senders must not both build (and one leak) a transport. */
  private readonly pending = new Map<string, Promise<Built | undefined>>();

  /**
   * @param publicUrl The service's public address; providers call back below it
   *   (`callbackUrlFor`) and e-mails' tracking links point there. Default: none, and connectors
   *   ask for no callbacks and track nothing.
   */
  private readonly trackingKey: Buffer;

  constructor(
    private readonly db: Queryable,
    private readonly secretKey: Buffer,
    private readonly publicUrl?: () => string,
  ) {
    this.trackingKey = trackingKey(secretKey);
  }

  /** Where the provider of a workspace's connector calls back; null without a public address. */
  callbackUrlFor(workspaceId: string, key: string): string | null {
    return this.publicUrl ? connectorCallbackUrl(this.publicUrl(), workspaceId, key) : null;
  }

  async dispatcherFor(workspaceId: string, key: string): Promise<ChannelDispatcher | undefined> {
    const built = await this.builtFor(workspaceId, key);
    return built?.kind === 'channel' ? built.dispatcher : undefined;
  }

  /** The working connector (for its callbacks); undefined when the workspace has none by that key. */
  async connectorFor(workspaceId: string, key: string): Promise<WorkingConnector | undefined> {
    return this.builtFor(workspaceId, key);
  }

  /**
   * The connector debtors pay through on their paylink page: the workspace's payment connector
   * (the first by key when there are several); undefined when it has none.
   */
  async sourceConnectorFor(workspaceId: string, key: string): Promise<SourceConnector | undefined> {
    const built = await this.builtFor(workspaceId, key);
    return built?.kind === 'source' ? built.connector : undefined;
  }

  async paymentConnectorOf(workspaceId: string): Promise<{ key: string; connector: PaymentConnector } | undefined> {
    const { rows } = await this.db.query<{ key: string }>(
      'select key from connector_configs where workspace_id = $1 and connector = any($2) order by key limit 1',
      [workspaceId, paymentConnectorIds],
    );
    const key = rows[0]?.key;
    const built = key ? await this.builtFor(workspaceId, key) : undefined;
    return key && built?.kind === 'payment' ? { key, connector: built.connector } : undefined;
  }

  private async builtFor(workspaceId: string, key: string): Promise<Built | undefined> {
    const id = `${workspaceId}/${key}`;
    const previous = this.pending.get(id) ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.lookUp(id, workspaceId, key));
    this.pending.set(id, next);
    try {
      return await next;
    } finally {
      if (this.pending.get(id) === next) this.pending.delete(id);
    }
  }

  private async lookUp(id: string, workspaceId: string, key: string): Promise<Built | undefined> {
    const updatedAt = await connectorUpdatedAt(this.db, workspaceId, key);
    const cached = this.built.get(id);
    if (cached && cached.updatedAt === updatedAt) return cached;
    if (cached) {
      this.built.delete(id);
      await cached.connector.close();
    }
    if (!updatedAt) return undefined;
    const loaded = await loadConnectorConfig(this.db, this.secretKey, workspaceId, key);
    if (!loaded) return undefined;
    const definition = loaded.definition;
    const context = this.contextFor(workspaceId, key);
    let built: Built;
    if (definition.kind === 'payment') {
      built = { kind: 'payment', updatedAt: loaded.updatedAt, connector: definition.create(loaded.settings, context) };
    } else if (definition.kind === 'source') {
      built = { kind: 'source', updatedAt: loaded.updatedAt, connector: definition.create(loaded.settings, context) };
    } else {
      const connector = definition.create(loaded.settings, context);
      const dispatcher: ChannelDispatcher = {
        id: key,
        dispatch: (messages) =>
          connector.send(
            messages.map((message) => ({
              id: message.id,
              channel: message.channel,
              recipient: message.recipient,
              sender: message.sender,
              content: message.content,
              attempt: message.attempt,
            })),
          ),
        ...(connector.findHandedOver ? { findHandedOver: connector.findHandedOver.bind(connector) } : {}),
      };
      built = { kind: 'channel', updatedAt: loaded.updatedAt, connector, dispatcher };
    }
    this.built.set(id, built);
    return built;
  }

  private contextFor(workspaceId: string, key: string): ConnectorContext {
    if (!this.publicUrl) return {};
    return {
      callbackUrl: connectorCallbackUrl(this.publicUrl(), workspaceId, key),
      tracking: trackingLinks(this.trackingKey, this.publicUrl(), workspaceId),
    };
  }

  /** A configured connector for the "test connection" button (not cached). */
  async testConnection(workspaceId: string, key: string) {
    const loaded = await loadConnectorConfig(this.db, this.secretKey, workspaceId, key);
    if (!loaded) return { ok: false as const, reason: `there is no connector “${key}”` };
    const connector = loaded.definition.create(loaded.settings, this.contextFor(workspaceId, key));
    try {
      return await connector.testConnection();
    } finally {
      await connector.close();
    }
  }

  async close(): Promise<void> {
    const all = [...this.built.values()];
    this.built.clear();
    await Promise.all(all.map((built) => built.connector.close()));
  }
}
