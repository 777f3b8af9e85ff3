/**
 * The outbox as staff see it: every message of the workspace, newest first, and one message
 * as its recipient sees it (the Outbox page; in the demo, where the connectors are local
 * doubles, a sandbox in which a flow can be tried end to end without sending anything real).
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { RenderedMessage } from '../templates/template-record.ts';

export const MessageStatus = z.enum(['queued', 'sent', 'delivered', 'failed', 'cancelled']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const OutboxQuery = z.object({
  channel: Channel.optional(),
  status: MessageStatus.optional(),
  /** The `next` of the previous page. */
  before: z
    .string()
    .regex(/^\d+_[0-9a-f-]{36}$/, { message: 'must be the "next" value of a previous page' })
    .optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type OutboxQuery = z.input<typeof OutboxQuery>;

export const OutboxItem = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  debtorName: z.string(),
  channel: Channel,
  /** The connector key it goes (went) through. */
  connector: z.string(),
  template: z.string(),
  recipient: z.string().nullable(),
  status: MessageStatus,
  failureReason: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  sentAt: z.iso.datetime({ offset: true }).nullable(),
  openedAt: z.iso.datetime({ offset: true }).nullable(),
  clickedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

export const OutboxPage = z.object({
  items: z.array(OutboxItem),
  /** Pass as `before` for the next (older) page; null when there is none. */
  next: z.string().nullable(),
});
export type OutboxPage = z.infer<typeof OutboxPage>;

export const OutboxMessage = OutboxItem.extend({
  /** The message as the recipient sees it; null when it cannot be rendered (`renderProblem`). */
  rendered: RenderedMessage.nullable(),
  renderProblem: z.string().nullable(),
  /**
   * What it was rendered from: the template version the message was sent with (null: not sent
   * yet, the newest published one) and the day its dates are computed for. Amounts are the
   * case's as they are now.
   */
  templateVersion: z.number().int().nullable(),
  renderedForDay: z.iso.date(),
  /** Letters handed to a print folder: the PDF's path there. */
  printFile: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
