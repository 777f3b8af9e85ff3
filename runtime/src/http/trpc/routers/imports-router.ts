/**
 * File imports for administrators (IT): saved import sources, the mapping step of an uploaded
 * file, starting an import, and following it. The file itself is uploaded over
 * `POST /api/imports/uploads` (http/import-routes.ts).
 */
import {
  ConnectorKey,
  InspectImportInput,
  roleGroups,
  SaveImportSourceInput,
  StartImportInput,
} from '@collectflow/shared';
import { z } from 'zod';
import { importDetails, listImports } from '../../../imports/import-records.ts';
import { deleteImportSource, listImportSources, saveImportSource } from '../../../imports/import-sources.ts';
import { inspectUpload } from '../../../imports/inspect-upload.ts';
import { authedProcedure, router } from '../trpc.ts';

const admins = authedProcedure(roleGroups.admins);

export const importsRouter = router({
  /** Saved sources: a mapping per ERP export, and the folder watched for it. */
  sources: admins.query(({ ctx }) => listImportSources(ctx.pool, ctx.workspaceId)),
  saveSource: admins.input(SaveImportSourceInput).mutation(async ({ ctx, input }) => {
    const { id: _id, ...source } = await saveImportSource(ctx.pool, ctx.workspaceId, input);
    return source;
  }),
  deleteSource: admins
    .input(z.object({ key: ConnectorKey }))
    .mutation(({ ctx, input }) => deleteImportSource(ctx.pool, ctx.workspaceId, input.key)),
  /** An uploaded file's columns and first rows, read with a mapping (the given, saved or guessed one). */
  inspect: admins.input(InspectImportInput).query(async ({ ctx, input }) => {
    const upload = await ctx.uploadImports.uploads.get(ctx.workspaceId, input.uploadId);
    return inspectUpload(ctx.pool, ctx.workspaceId, upload, input);
  }),
  /** Starts importing an uploaded file; follow it with `get`. */
  start: admins.input(StartImportInput).mutation(async ({ ctx, input }) => ({
    importId: await ctx.uploadImports.start(ctx.workspaceId, ctx.session.userId, input),
  })),
  /** The latest imports, newest first. */
  list: admins.query(({ ctx }) => listImports(ctx.pool, ctx.workspaceId)),
  /** One import: progress while running, then counts and the first problems. */
  get: admins
    .input(z.object({ importId: z.uuid() }))
    .query(({ ctx, input }) => importDetails(ctx.pool, ctx.workspaceId, input.importId)),
});
