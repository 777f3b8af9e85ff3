/**
 * The connectors workspaces configured, as dispatchers the outbox sender can use and as
 * receivers of their providers' callbacks. Each is created once from its settings (its secrets
 * opened with the service's key) and kept while its configuration is unchanged; a changed
 * configuration builds a new one and closes the old.
 */
import type { ChannelConnector, ConnectorContext } from '@collectflow/connectors';
import type { Queryable } from '../db/pool.ts';
import type { ChannelDispatcher } from '../outbox/channel-dispatcher.ts';
import { trackingKey, trackingLinks } from '../tracking/tracking-links.ts';
import { connectorCallbackUrl } from './connector-callback-url.ts';
import { connectorUpdatedAt, loadConnectorConfig } from './connector-configs.ts';

interface Built {
  updatedAt: string;
  connector: ChannelConnector;
  dispatcher: ChannelDispatcher;
}

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
    return (await this.builtFor(workspaceId, key))?.dispatcher;
  }

  /** The working connector (for its callbacks); undefined when the workspace has none by that key. */
  async connectorFor(workspaceId: string, key: string): Promise<ChannelConnector | undefined> {
    return (await this.builtFor(workspaceId, key))?.connector;
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
    const connector = loaded.definition.create(loaded.settings, this.contextFor(workspaceId, key));
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
    const built = { updatedAt: loaded.updatedAt, connector, dispatcher };
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
