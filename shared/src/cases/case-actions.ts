/**
 * What an agent does to a case by hand. Every action names its reason; the timeline records it
 * with the agent who did it.
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { PhoneNumber } from '../debtors/debtor.ts';
import { DisputeKind } from '../disputes/dispute.ts';
import { CountryCode } from '../i18n/language.ts';

export const ActionReason = z
  .string()
  .trim()
  .min(1, { message: 'Say in a few words why, for the case’s history.' })
  .max(1000, { message: 'Please keep the reason under 1,000 characters.' });

const OnCase = z.object({ caseId: z.uuid(), reason: ActionReason });

export const PauseCaseInput = OnCase;
export type PauseCaseInput = z.infer<typeof PauseCaseInput>;

export const ResumeCaseInput = OnCase;
export type ResumeCaseInput = z.infer<typeof ResumeCaseInput>;

export const MarkPaidInput = OnCase.extend({
  amountMinor: z.number().int().positive({ message: 'Enter the amount that was paid.' }).max(Number.MAX_SAFE_INTEGER),
  /** The day the money arrived; default today. */
  paidOn: z.iso.date().optional(),
});
export type MarkPaidInput = z.infer<typeof MarkPaidInput>;

export const RecordDisputeInput = OnCase.extend({ kind: DisputeKind });
export type RecordDisputeInput = z.infer<typeof RecordDisputeInput>;

export const ChangePreferredChannelInput = OnCase.extend({ preferredChannel: Channel.nullable() });
export type ChangePreferredChannelInput = z.infer<typeof ChangePreferredChannelInput>;

export const SendOneOffMessageInput = OnCase.extend({
  /** The key of a published template; its channel is the message's. */
  template: z.string().min(1).max(100),
});
export type SendOneOffMessageInput = z.infer<typeof SendOneOffMessageInput>;

export const MoveToFlowInput = OnCase.extend({ flowId: z.uuid() });
export type MoveToFlowInput = z.infer<typeof MoveToFlowInput>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((text) => (text === '' ? null : text))
    .nullable();

/** Contact data an agent corrects; every field is written as given (null clears it). */
export const UpdateContactInput = OnCase.extend({
  email: z
    .string()
    .trim()
    .transform((text) => (text === '' ? null : text))
    .pipe(z.email({ message: 'This is not an e-mail address.' }).nullable())
    .nullable(),
  phone: z
    .string()
    .trim()
    .transform((text) => (text === '' ? null : text.replace(/[\s()/-]/g, '')))
    .pipe(PhoneNumber.nullable())
    .nullable(),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  postalCode: optionalText(20),
  city: optionalText(100),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .transform((text) => (text === '' ? null : text))
    .pipe(CountryCode.nullable())
    .nullable(),
  /** Consent per channel, granted or withdrawn now, from this source. Channels not named stay as they are. */
  consents: z.partialRecord(Channel, z.boolean()).default({}),
});
export type UpdateContactInput = z.input<typeof UpdateContactInput>;

export const CaseActionResult = z.object({
  /** What happened, in words for the agent ("Paused. Reminders wait until you resume the case."). */
  outcome: z.string(),
});
export type CaseActionResult = z.infer<typeof CaseActionResult>;
