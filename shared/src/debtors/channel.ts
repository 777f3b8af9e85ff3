/** The channels Collectflow reaches debtors on. */
import { z } from 'zod';

export const Channel = z.enum(['email', 'sms', 'letter', 'voice']);
export type Channel = z.infer<typeof Channel>;

/**
 * A debtor's consent for a channel: whether it was granted, when and where it was recorded.
 * SMS and robocalls need explicit consent in most of Europe; e-mail and letters usually rest on
 * the contract, but a debtor may object.
 */
export const ChannelConsent = z.object({
  granted: z.boolean(),
  at: z.iso.datetime({ offset: true }),
  source: z.string().min(1).max(200),
});
export type ChannelConsent = z.infer<typeof ChannelConsent>;

export const Consents = z.partialRecord(Channel, ChannelConsent);
export type Consents = z.infer<typeof Consents>;
