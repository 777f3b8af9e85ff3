/** A brand kit: the creditor's corporate design and identities that every message uses. */

import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { Language } from '../i18n/language.ts';
import { SelfServiceRules } from '../self-service/self-service-rules.ts';

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

/** Where debtors transfer money to: printed on letters, in e-mails and in the payment QR code. */
export const PaymentDetails = z.object({
  /** Stored without spaces, e.g. NL91ABNA0417164300. */
  iban: z
    .string()
    .transform((value) => electronicFormatIBAN(value) ?? value)
    .refine((value) => isValidIBAN(value), {
      message: 'This is not a valid IBAN; check it against the bank statement.',
    }),
  bic: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value) => value === '' || isValidBIC(value), { message: 'This is not a valid BIC, e.g. ABNANL2A.' }),
  creditorName: z.string().trim().min(1).max(70, { message: 'Banks accept at most 70 characters.' }),
});
export type PaymentDetails = z.infer<typeof PaymentDetails>;

/** How a brand addresses debtors: "Dear Ms Jansen" or "Hi Sanne". */
export const Tone = z.enum(['formal', 'informal']);
export type Tone = z.infer<typeof Tone>;

export const Brand = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(100),
  logoUrl: z.string().max(2000).nullable(),
  colours: BrandColours,
  fonts: BrandFonts,
  senderIdentities: z.array(SenderIdentity),
  legalFooter: z.string().max(2000),
  /** Null until set; templates then show no bank details. */
  payment: PaymentDetails.nullable(),
  /** Tone per language. Default: formal in every language. */
  tone: z.partialRecord(Language, Tone),
  /** What debtors may arrange on their paylink page: promise horizon, installment plans. */
  selfService: SelfServiceRules,
});
export type Brand = z.infer<typeof Brand>;

export const UpdateBrandInput = Brand.omit({ id: true }).partial().extend({ id: z.uuid() });
export type UpdateBrandInput = z.infer<typeof UpdateBrandInput>;

/** Who a brand's messages on `channel` come from, if the brand says. */
export function brandSender(brand: Pick<Brand, 'senderIdentities'>, channel: Channel): SenderIdentity | undefined {
  return brand.senderIdentities.find((identity) => identity.channel === channel);
}
