/** A brand kit: the creditor's corporate design and identities that every message uses. */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';

export const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'Use a colour like #0a7c5a.' });

export const BrandColours = z.object({
  primary: HexColour,
  accent: HexColour,
  text: HexColour,
  background: HexColour,
});
export type BrandColours = z.infer<typeof BrandColours>;

export const BrandFonts = z.object({
  heading: z.string().min(1).max(200),
  body: z.string().min(1).max(200),
});
export type BrandFonts = z.infer<typeof BrandFonts>;

/** Who a message appears to come from on one channel: a mailbox, an SMS sender id, a caller id. */
export const SenderIdentity = z.object({
  channel: Channel,
  name: z.string().min(1).max(100),
  address: z.string().min(1).max(200),
});
export type SenderIdentity = z.infer<typeof SenderIdentity>;

export const Brand = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(100),
  logoUrl: z.string().max(2000).nullable(),
  colours: BrandColours,
  fonts: BrandFonts,
  senderIdentities: z.array(SenderIdentity),
  legalFooter: z.string().max(2000),
});
export type Brand = z.infer<typeof Brand>;

export const UpdateBrandInput = Brand.omit({ id: true }).partial().extend({ id: z.uuid() });
export type UpdateBrandInput = z.infer<typeof UpdateBrandInput>;
