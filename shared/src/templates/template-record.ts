/** Templates as the API returns them, and the inputs that change them. */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { TemplateRef } from '../flow/nodes/channel-node-data.ts';
import { VoiceGender } from '../flow/nodes/voice.ts';
import { Language } from '../i18n/language.ts';
import { TemplateContent } from './template-content.ts';
import { TtsLocale } from './tts-locales.ts';

const Timestamp = z.iso.datetime({ offset: true });

export const TemplateName = z
  .string()
  .trim()
  .min(1, { message: 'Give the template a name.' })
  .max(100, { message: 'Keep the name under 100 characters.' });

export const TemplateSummary = z.object({
  id: z.uuid(),
  /** What flows refer to, e.g. `reminder-friendly`. */
  key: TemplateRef,
  name: z.string(),
  channel: Channel,
  brandId: z.uuid(),
  brandName: z.string(),
  /** Languages of the draft, fallback first. */
  languages: z.array(Language),
  /** Newest published version; null before the first publish. */
  currentVersion: z.number().int().nullable(),
  /** The draft differs from the newest published version. */
  unpublishedChanges: z.boolean(),
  updatedAt: Timestamp,
  updatedBy: z.string().nullable(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

export const TemplateVersionSummary = z.object({
  version: z.number().int(),
  note: z.string(),
  publishedAt: Timestamp,
  publishedBy: z.string().nullable(),
});
export type TemplateVersionSummary = z.infer<typeof TemplateVersionSummary>;

export const TemplateDetail = TemplateSummary.extend({
  draft: TemplateContent,
  /** Goes up with every save of the draft; the editor sends it back with its next save. */
  draftRevision: z.number().int(),
  versions: z.array(TemplateVersionSummary),
  /**
   * The member may change words only, not the layout (marketing, once a version is published).
   */
  textOnly: z.boolean(),
});
export type TemplateDetail = z.infer<typeof TemplateDetail>;

export const TemplateIdInput = z.object({ templateId: z.uuid() });
export type TemplateIdInput = z.infer<typeof TemplateIdInput>;

export const CreateTemplateInput = z.object({
  key: TemplateRef,
  name: TemplateName,
  brandId: z.uuid(),
  content: TemplateContent,
});
export type CreateTemplateInput = z.infer<typeof CreateTemplateInput>;

export const SaveTemplateDraftInput = z.object({
  templateId: z.uuid(),
  content: TemplateContent,
  /** The `draftRevision` the editor started from; a newer one on the server is a conflict. */
  baseRevision: z.number().int(),
});
export type SaveTemplateDraftInput = z.infer<typeof SaveTemplateDraftInput>;

export const PublishTemplateInput = z.object({
  templateId: z.uuid(),
  note: z.string().trim().max(500).default(''),
});
export type PublishTemplateInput = z.infer<typeof PublishTemplateInput>;

export const PreviewTemplateInput = z.object({
  templateId: z.uuid(),
  /** The unsaved draft to preview. Default: the saved draft. */
  content: TemplateContent.optional(),
  language: Language,
  /** A real case to fill the variables from. Default: null, the catalog's example values. */
  caseId: z.uuid().nullable().default(null),
  /** Which subject line of an e-mail. Default: 0. */
  subjectIndex: z.number().int().min(0).max(3).default(0),
});
export type PreviewTemplateInput = z.infer<typeof PreviewTemplateInput>;

export const RenderedMessage = z.object({
  channel: Channel,
  language: Language,
  /** E-mail subject or letter subject line; null for SMS and calls. */
  subject: z.string().nullable(),
  /** Full HTML document for e-mail and letters; null for SMS and calls. */
  html: z.string().nullable(),
  /** The plain-text alternative of an e-mail, the SMS text, the call script. */
  text: z.string(),
  /** Calls only: the text-to-speech locale and voice that read the script. */
  speech: z.object({ locale: TtsLocale, voice: VoiceGender }).optional(),
});
export type RenderedMessage = z.infer<typeof RenderedMessage>;

export const TemplatePreview = RenderedMessage.extend({
  /** Whose data filled it, e.g. "Sanne de Vries (K-100234)"; null for example values. */
  caseLabel: z.string().nullable(),
});
export type TemplatePreview = z.infer<typeof TemplatePreview>;

export const SendTestMessageInput = PreviewTemplateInput.extend({
  /** The configured connector to send through, e.g. `email`. */
  connector: z.string().min(1).max(64),
  /** Where the test goes: an e-mail address (e-mail templates). */
  recipient: z.email({ message: 'Enter the e-mail address the test should go to.' }),
});
export type SendTestMessageInput = z.infer<typeof SendTestMessageInput>;
