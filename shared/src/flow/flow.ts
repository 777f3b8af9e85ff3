/**
 * Flows: the dunning processes business users draw, saved as JSON graphs.
 *
 * Glossary
 * - **case**: one debtor's open invoices under collection; the unit a flow runs for.
 * - **flow**: a graph of nodes and edges with a draft (being edited) and published versions.
 * - **flow version**: an immutable, numbered copy of a flow's graph, made by publishing. Runs
 *   stay on the version they started on, so editing a flow never strands a case mid-way.
 * - **run**: one case's journey through one flow version, from the entry to an exit.
 * - **node**: one step of a flow — a condition, an e-mail, a wait … (types in `nodes/`).
 * - **handle**: a named output of a node (`yes`/`no`, `sent`/`failed`, an A/B variant); an
 *   edge connects a handle to the node a case goes to next. Every handle of a published flow
 *   is connected; "stop here" is an edge to an exit node.
 */
import { z } from 'zod';
import { FlowSettings } from './flow-settings.ts';
import { NodeId, NodePosition } from './node-type.ts';
import { AbSplitNode } from './nodes/ab-split.ts';
import { ActionNode } from './nodes/action.ts';
import { BestChannelNode } from './nodes/best-channel.ts';
import { EmailNode } from './nodes/email.ts';
import { EntryNode } from './nodes/entry.ts';
import { ExitNode } from './nodes/exit.ts';
import { FilterNode } from './nodes/filter.ts';
import { LetterNode } from './nodes/letter.ts';
import { PreferredChannelNode } from './nodes/preferred-channel.ts';
import { SmsNode } from './nodes/sms.ts';
import { VoiceNode } from './nodes/voice.ts';
import { WaitNode } from './nodes/wait.ts';
import { WaitForNode } from './nodes/wait-for.ts';

/** The current version of the flow JSON format. */
export const flowSchemaVersion = 1;

export const FlowEdge = z.object({
  id: NodeId,
  source: NodeId,
  /** The output of `source` this edge leaves from. Default: `out`. */
  sourceHandle: NodeId.default('out'),
  target: NodeId,
});
export type FlowEdge = z.infer<typeof FlowEdge>;

export const FlowNode = z.discriminatedUnion('type', [
  EntryNode,
  FilterNode,
  PreferredChannelNode,
  EmailNode,
  SmsNode,
  LetterNode,
  VoiceNode,
  WaitNode,
  WaitForNode,
  AbSplitNode,
  BestChannelNode,
  ActionNode,
  ExitNode,
]);
export type FlowNode = z.infer<typeof FlowNode>;
export type FlowNodeOf<T extends FlowNode['type']> = Extract<FlowNode, { type: T }>;

export const FlowName = z.string().trim().min(1, { message: 'Give the flow a name.' }).max(200);

/** Limits that keep one flow within what the designer and runtime handle comfortably. */
export const flowLimits = { nodes: 2000, edges: 5000 } as const;

/** A complete, well-formed flow graph (the shape a published version stores). */
export const FlowGraph = z.object({
  schemaVersion: z.literal(flowSchemaVersion),
  name: FlowName,
  /** Default: empty. */
  description: z.string().max(2000).default(''),
  settings: FlowSettings.default(FlowSettings.parse({})),
  nodes: z.array(FlowNode).max(flowLimits.nodes),
  edges: z.array(FlowEdge).max(flowLimits.edges),
});
export type FlowGraph = z.infer<typeof FlowGraph>;
export type FlowGraphInput = z.input<typeof FlowGraph>;

/**
 * A draft as the designer autosaves it: the shape of a graph, but with node data and settings
 * not yet checked, so that unfinished work is never lost. Publishing runs the validator.
 */
export const FlowDraft = z.object({
  schemaVersion: z.literal(flowSchemaVersion, { message: `Set "schemaVersion" to ${flowSchemaVersion}.` }),
  name: z.string().max(200),
  description: z.string().max(2000).default(''),
  settings: z.record(z.string(), z.unknown()).default({}),
  nodes: z
    .array(
      z.looseObject({
        id: z.string().max(64),
        type: z.string().max(64),
        position: NodePosition.default({ x: 0, y: 0 }),
        label: z.string().max(100).optional(),
        data: z.unknown(),
      }),
    )
    .max(flowLimits.nodes, { message: `A flow holds at most ${flowLimits.nodes} steps.` }),
  edges: z
    .array(
      z.looseObject({
        id: z.string().max(64),
        source: z.string().max(64),
        sourceHandle: z.string().max(64).default('out'),
        target: z.string().max(64),
      }),
    )
    .max(flowLimits.edges, { message: `A flow holds at most ${flowLimits.edges} connections.` }),
});
export type FlowDraft = z.infer<typeof FlowDraft>;
export type FlowDraftInput = z.input<typeof FlowDraft>;
