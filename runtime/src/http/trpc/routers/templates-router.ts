/**
 * Templates for the designer: everyone reads and previews them; admins and designers create
 * them and change their layout; marketing changes their words (the layout of a published
 * template stays as it is) and publishes.
 */
import {
  CreateTemplateInput,
  PreviewTemplateInput,
  PublishTemplateInput,
  roleGroups,
  SaveTemplateDraftInput,
  SendTestMessageInput,
  TemplateIdInput,
} from '@collectflow/shared';
import { previewTemplate } from '../../../templates/preview-template.ts';
import { sendTestMessage } from '../../../templates/send-test-message.ts';
import {
  createTemplate,
  getTemplate,
  listTemplates,
  publishTemplate,
  saveTemplateDraft,
} from '../../../templates/template-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

const readers = authedProcedure(roleGroups.everyone);
const wordEditors = authedProcedure(roleGroups.templateEditors);
const layoutEditors = authedProcedure(roleGroups.layoutEditors);

export const templatesRouter = router({
  list: readers.query(({ ctx }) => listTemplates(ctx.pool, ctx.workspaceId)),
  get: readers
    .input(TemplateIdInput)
    .query(({ ctx, input }) => getTemplate(ctx.pool, ctx.workspaceId, input.templateId, ctx.session.role)),
  create: layoutEditors
    .input(CreateTemplateInput)
    .mutation(({ ctx, input }) => createTemplate(ctx.pool, ctx.workspaceId, input, ctx.session.userId)),
  /** Saves the draft (also with problems: they are returned, and block publishing). */
  saveDraft: wordEditors
    .input(SaveTemplateDraftInput)
    .mutation(({ ctx, input }) =>
      saveTemplateDraft(ctx.pool, ctx.workspaceId, input, { id: ctx.session.userId, role: ctx.session.role }),
    ),
  publish: wordEditors
    .input(PublishTemplateInput)
    .mutation(({ ctx, input }) => publishTemplate(ctx.pool, ctx.workspaceId, input, ctx.session.userId)),
  // A mutation because it carries a whole draft (too large for a URL).
  preview: readers
    .input(PreviewTemplateInput)
    .mutation(({ ctx, input }) => previewTemplate(ctx.pool, ctx.workspaceId, input, ctx)),
  /** The preview, sent through a configured connector to an address of the user's choosing. */
  sendTest: wordEditors
    .input(SendTestMessageInput)
    .mutation(({ ctx, input }) => sendTestMessage(ctx.pool, ctx.workspaceConnectors, ctx.workspaceId, input, ctx)),
});
