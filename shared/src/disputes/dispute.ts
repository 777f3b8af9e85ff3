/**
 * Disputes: a debtor says on the paylink page that they already paid, that the amount is wrong
 * or that the debt is not theirs, optionally with a receipt or letter. An agent looks at it in
 * the task inbox and resumes the reminders or closes the case.
 */
import { z } from 'zod';

export const DisputeKind = z.enum(['already_paid', 'amount_wrong', 'not_mine', 'other']);
export type DisputeKind = z.infer<typeof DisputeKind>;

export const disputeKindLabels: Record<DisputeKind, string> = {
  already_paid: 'Says they already paid',
  amount_wrong: 'Says the amount is wrong',
  not_mine: 'Says the debt is not theirs',
  other: 'Other question or objection',
};

/** Attachments the page accepts: what phones and scanners make. */
export const attachmentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const maxAttachmentBytes = 5 * 1024 * 1024;

export const DisputeInput = z.object({
  kind: DisputeKind,
  message: z.string().trim().max(2000, { message: 'Please keep it under 2,000 characters.' }),
  attachment: z
    .object({
      name: z.string().trim().min(1).max(200),
      type: z.enum(attachmentTypes, { message: 'Attach a PDF, JPEG or PNG file.' }),
      /** The file, base64-encoded. */
      data: z.base64({ message: 'The attachment did not arrive whole; please try again.' }),
    })
    .nullable()
    .default(null),
});
export type DisputeInput = z.infer<typeof DisputeInput>;

export const AgentTask = z.object({
  id: z.uuid(),
  /** `dispute`: raised on the paylink page or recorded by an agent; `call_back`: asked for a call in a reminder call. */
  kind: z.enum(['dispute', 'call_back']),
  caseId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  debtor: z.object({ externalId: z.string(), name: z.string(), phone: z.string().nullable() }),
  openMinor: z.number().int(),
  currency: z.string(),
  /** What the task is about, in words (call-back requests). */
  note: z.string().nullable(),
  /** The dispute of a `dispute` task; null for others. */
  dispute: z
    .object({
      id: z.uuid(),
      kind: DisputeKind,
      message: z.string(),
      attachment: z.object({ name: z.string(), type: z.string(), bytes: z.number().int() }).nullable(),
    })
    .nullable(),
});
export type AgentTask = z.infer<typeof AgentTask>;

export const ResolveDisputeInput = z.object({
  taskId: z.uuid(),
  /** `resume`: the claim stands, reminders go on; `close`: the case is closed (e.g. paid elsewhere, not theirs). */
  outcome: z.enum(['resume', 'close']),
  note: z.string().trim().min(1, { message: 'Say in a few words what you decided and why.' }).max(2000),
});
export type ResolveDisputeInput = z.infer<typeof ResolveDisputeInput>;

export const CompleteCallBackInput = z.object({
  taskId: z.uuid(),
  note: z.string().trim().min(1, { message: 'Say in a few words what came of the call.' }).max(2000),
});
export type CompleteCallBackInput = z.infer<typeof CompleteCallBackInput>;
