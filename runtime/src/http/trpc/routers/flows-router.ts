/**
 * Flows for the designer: everyone reads them; admins and designers create, edit, publish,
 * pause, resume and archive them.
 */
import {
  CreateFlowInput,
  DryRunInput,
  DuplicateFlowInput,
  FlowDraft,
  FlowIdInput,
  FlowVersionInput,
  PublishFlowInput,
  RenameFlowInput,
  roleGroups,
  SaveFlowDraftInput,
  toFlowDefinition,
} from '@collectflow/shared';
import { z } from 'zod';
import { connectorKeysOf } from '../../../connectors/connector-configs.ts';
import { dryRunFlow } from '../../../flows/dry-run-flow.ts';
import { archiveFlow, pauseFlow, resumeFlow } from '../../../flows/flow-lifecycle.ts';
import {
  createFlow,
  duplicateFlow,
  getFlow,
  getFlowVersion,
  listFlows,
  renameFlow,
  restoreFlowVersion,
  saveFlowDraft,
} from '../../../flows/flow-queries.ts';
import { publishFlow } from '../../../flows/publish-flow.ts';
import { publishedTemplateKeys } from '../../../templates/template-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

const readers = authedProcedure(roleGroups.everyone);
const editors = authedProcedure(roleGroups.flowEditors);

export const flowsRouter = router({
  list: readers
    .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
    .query(({ ctx, input }) => listFlows(ctx.pool, ctx.workspaceId, input)),
  get: readers.input(FlowIdInput).query(({ ctx, input }) => getFlow(ctx.pool, ctx.workspaceId, input.flowId)),
  version: readers
    .input(FlowVersionInput)
    .query(({ ctx, input }) => getFlowVersion(ctx.pool, ctx.workspaceId, input.flowId, input.version)),
  // validate and dryRun read nothing they change, but take a whole draft: as queries it would
  // travel in the URL, and a large flow passes the server's header limit (HTTP 431). So POST.
  /** Every problem that keeps a draft from being published (the designer also checks live). */
  validate: readers.input(z.object({ draft: FlowDraft })).mutation(async ({ ctx, input }) => {
    const result = toFlowDefinition(input.draft, {
      connectors: await connectorKeysOf(ctx.pool, ctx.workspaceId),
      templates: await publishedTemplateKeys(ctx.pool, ctx.workspaceId),
    });
    return { problems: result.ok ? [] : result.problems };
  }),
  /** A test run: one case through the draft, nothing sent, no time waited. */
  dryRun: readers.input(DryRunInput).mutation(({ ctx, input }) => dryRunFlow(ctx.pool, ctx.workspaceId, input)),
  create: editors
    .input(CreateFlowInput)
    .mutation(({ ctx, input }) => createFlow(ctx.pool, ctx.workspaceId, { ...input, userId: ctx.session.userId })),
  saveDraft: editors
    .input(SaveFlowDraftInput)
    .mutation(({ ctx, input }) =>
      saveFlowDraft(ctx.pool, ctx.workspaceId, input.flowId, input.draft, ctx.session.userId, input.baseRevision),
    ),
  duplicate: editors
    .input(DuplicateFlowInput)
    .mutation(({ ctx, input }) =>
      duplicateFlow(ctx.pool, ctx.workspaceId, input.flowId, { name: input.name, userId: ctx.session.userId }),
    ),
  rename: editors
    .input(RenameFlowInput)
    .mutation(({ ctx, input }) => renameFlow(ctx.pool, ctx.workspaceId, input.flowId, input.name, ctx.session.userId)),
  /** Replaces the draft with a published version. */
  restoreVersion: editors
    .input(FlowVersionInput)
    .mutation(({ ctx, input }) =>
      restoreFlowVersion(ctx.pool, ctx.workspaceId, input.flowId, input.version, ctx.session.userId),
    ),
  publish: editors
    .input(PublishFlowInput)
    .mutation(({ ctx, input }) =>
      publishFlow(ctx.pool, ctx.workspaceId, input.flowId, { note: input.note, userId: ctx.session.userId }),
    ),
  pause: editors
    .input(FlowIdInput)
    .mutation(({ ctx, input }) => pauseFlow(ctx.pool, ctx.workspaceId, input.flowId, ctx.session.userId)),
  resume: editors.input(FlowIdInput).mutation(async ({ ctx, input }) => ({
    scheduled: await resumeFlow(ctx.pool, ctx.workspaceId, input.flowId, ctx.session.userId),
  })),
  archive: editors
    .input(FlowIdInput)
    .mutation(({ ctx, input }) => archiveFlow(ctx.pool, ctx.workspaceId, input.flowId, ctx.session.userId)),
});
