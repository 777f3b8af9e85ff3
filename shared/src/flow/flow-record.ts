/** Flows as the API returns them, and the inputs that change them. */
import { z } from 'zod';
import { FlowDraft, FlowGraph, FlowName } from './flow.ts';

export const FlowStatus = z.enum(['draft', 'active', 'paused', 'archived']);
export type FlowStatus = z.infer<typeof FlowStatus>;

const Timestamp = z.iso.datetime({ offset: true });

export const FlowSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  status: FlowStatus,
  /** The newest published version; null before the first publish. */
  currentVersion: z.number().int().nullable(),
  /** Cases currently in the flow (any version). */
  activeCases: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Name of the member who last changed the draft or status. */
  updatedBy: z.string().nullable(),
});
export type FlowSummary = z.infer<typeof FlowSummary>;

export const SavedFlowDraft = z.object({ draftRevision: z.number().int(), updatedAt: Timestamp });
export type SavedFlowDraft = z.infer<typeof SavedFlowDraft>;

export const FlowVersionSummary = z.object({
  version: z.number().int(),
  note: z.string(),
  publishedAt: Timestamp,
  publishedBy: z.string().nullable(),
});
export type FlowVersionSummary = z.infer<typeof FlowVersionSummary>;

export const FlowDetail = FlowSummary.extend({
  draft: FlowDraft,
  /** Goes up with every save of the draft; an editor sends it back with its next save. */
  draftRevision: z.number().int(),
  versions: z.array(FlowVersionSummary),
});
export type FlowDetail = z.infer<typeof FlowDetail>;

export const FlowVersionDetail = FlowVersionSummary.extend({ flowId: z.uuid(), graph: FlowGraph });
export type FlowVersionDetail = z.infer<typeof FlowVersionDetail>;

export const FlowIdInput = z.object({ flowId: z.uuid() });
export type FlowIdInput = z.infer<typeof FlowIdInput>;

export const CreateFlowInput = z.object({
  name: FlowName,
  /** Default: a draft holding only a Start step. */
  draft: FlowDraft.optional(),
});
export type CreateFlowInput = z.infer<typeof CreateFlowInput>;

export const SaveFlowDraftInput = z.object({
  flowId: z.uuid(),
  draft: FlowDraft,
  /**
   * The draft revision this edit started from; the save is refused if the draft has been saved
   * since (by someone else). Default: none, the save always wins (imports, scripts).
   */
  baseRevision: z.number().int().min(0).optional(),
});
export type SaveFlowDraftInput = z.infer<typeof SaveFlowDraftInput>;

export const PublishFlowInput = z.object({
  flowId: z.uuid(),
  /** What changed, for the version history. Default: empty. */
  note: z.string().trim().max(1000, { message: 'Keep the note under 1,000 characters.' }).default(''),
});
export type PublishFlowInput = z.infer<typeof PublishFlowInput>;

export const FlowVersionInput = z.object({ flowId: z.uuid(), version: z.number().int().min(1) });
export type FlowVersionInput = z.infer<typeof FlowVersionInput>;

/** The draft of a new flow: just its Start. */
export function newFlowDraft(name: string): FlowDraft {
  return {
    schemaVersion: 1,
    name,
    description: '',
    settings: {},
    nodes: [{ id: 'start', type: 'entry', position: { x: 0, y: 0 }, data: { segment: null, reEntry: 'never' } }],
    edges: [],
  };
}

export const RenameFlowInput = z.object({ flowId: z.uuid(), name: FlowName });
export type RenameFlowInput = z.infer<typeof RenameFlowInput>;

export const DuplicateFlowInput = z.object({
  flowId: z.uuid(),
  /** Default: the original's name followed by " (copy)". */
  name: FlowName.optional(),
});
export type DuplicateFlowInput = z.infer<typeof DuplicateFlowInput>;
