/** A debtor: the creditor's customer who owes money, as imported from the ERP. */
import { z } from 'zod';
import { CountryCode, Language } from '../i18n/language.ts';
import { Channel, Consents } from './channel.ts';

/** Free-form attributes from the upstream system, usable in segments and templates. */
export const Attributes = z.record(z.string(), z.json());
export type Attributes = z.infer<typeof Attributes>;

export const PostalAddress = z.object({
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).nullable(),
  postalCode: z.string().min(1).max(20),
  city: z.string().min(1).max(100),
  country: CountryCode,
});
export type PostalAddress = z.infer<typeof PostalAddress>;

/** E.164 phone number, e.g. +31612345678. */
export const PhoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, { message: 'Use the international format, e.g. +31612345678.' });

export const DebtorKind = z.enum(['person', 'company']);
export type DebtorKind = z.infer<typeof DebtorKind>;

export const Debtor = z.object({
  id: z.uuid(),
  externalId: z.string().min(1).max(100),
  kind: DebtorKind,
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  companyName: z.string().max(200).nullable(),
  language: Language,
  email: z.email().nullable(),
  phone: PhoneNumber.nullable(),
  address: PostalAddress.nullable(),
  preferredChannel: Channel.nullable(),
  consents: Consents,
  attributes: Attributes,
});
export type Debtor = z.infer<typeof Debtor>;
