/**
 * What the outbox sender needs from a channel connector: hand messages over, and — after a
 * worker died in the middle of a hand-over — say which of them it already has. The connector
 * SDK of the channel work builds on this.
 */
import type { Channel, RenderedMessage } from '@collectflow/shared';

export interface OutboxMessage {
  id: string;
  workspaceId: string;
  caseId: string;
  channel: Channel;
  connector: string;
  template: string;
  recipient: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The message as the debtor gets it, rendered from the template's newest published version. */
  content: RenderedMessage;
  /** Who it comes from: the brand's sender for this channel; null, the connector's default. */
  sender: { name: string; address: string } | null;
}

export type DispatchResult =
  /**
   * The provider took the message; `reportExpected`: it will still report delivery or failure,
   * within `reportWithinMinutes` if given (else the flow step's delivery timeout).
   */
  | { status: 'sent'; providerMessageId: string | null; reportExpected: boolean; reportWithinMinutes?: number }
  /** The provider refused it; `retryable`: trying again later may work (an outage, a rate limit). */
  | { status: 'failed'; retryable: boolean; reason: string };

export interface ChannelDispatcher {
  /** The connector id messages name, e.g. `sandbox`. */
  readonly id: string;
  /** Hands the messages over; one result per message, in order. */
  dispatch(messages: readonly OutboxMessage[]): Promise<DispatchResult[]>;
  /**
   * Which of these messages the provider already has. Absent when the provider cannot tell; the
   * sender then does not risk a duplicate and fails such a message as undeliverable-unknown.
   */
  findHandedOver?(messageIds: readonly string[]): Promise<Set<string>>;
}

/** The dispatchers a worker sends through, by connector id. Core code asks it, never switches on ids. */
export class DispatcherRegistry {
  private readonly byId = new Map<string, ChannelDispatcher>();

  constructor(dispatchers: readonly ChannelDispatcher[]) {
    for (const dispatcher of dispatchers) this.byId.set(dispatcher.id, dispatcher);
  }

  get(id: string): ChannelDispatcher | undefined {
    return this.byId.get(id);
  }

  ids(): Set<string> {
    return new Set(this.byId.keys());
  }
}
