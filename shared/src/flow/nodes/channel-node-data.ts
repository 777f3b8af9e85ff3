/**
 * What every channel node (e-mail, SMS, letter, call) shares: the template to send, the
 * connector that sends it, and how long to wait for a delivery report before routing on.
 */
import { z } from 'zod';
import type { NodeHandle } from '../node-type.ts';

/** A template's key, e.g. `reminder-1` (the template library resolves it to a published version). */
export const TemplateRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, { message: 'Use a template key of lower-case letters, digits, "-" or "_".' });

export const channelNodeFields = {
  /** The template to render. */
  template: TemplateRef,
  /** The connector that sends the message. Default: `sandbox` (records the message as sent, sends nothing). */
  connector: z.string().min(1).max(64).default('sandbox'),
  /**
   * Hours to wait for the provider's delivery report before taking `sent` (a message the
   * provider accepted and never reported on is treated as sent). Default: 48.
   */
  deliveryTimeoutHours: z.number().int().min(1).max(720).default(48),
};

export const channelHandles: NodeHandle[] = [
  { id: 'sent', label: 'Sent' },
  { id: 'failed', label: 'Failed' },
];
