/** How many cases reached each step of a flow version and left by each output (funnel and canvas overlay). */
import { z } from 'zod';
import { FlowGraph } from '../flow/flow.ts';
import { AnalyticsPeriod } from './analytics-period.ts';

export const FlowFunnelInput = z.object({
  flowId: z.uuid(),
  /** Default: the newest published version. */
  version: z.number().int().min(1).nullable().default(null),
  from: AnalyticsPeriod.shape.from,
  to: AnalyticsPeriod.shape.to,
});
export type FlowFunnelInput = z.infer<typeof FlowFunnelInput>;

export const FunnelNode = z.object({
  nodeId: z.string(),
  /** Cases that reached the step: passed it, wait there now, or ended there. */
  reached: z.number().int(),
  /** Of those, the cases paid by now. */
  paid: z.number().int(),
  paymentRate: z.number(),
  /** Cases waiting at the step now. */
  waiting: z.number().int(),
});
export type FunnelNode = z.infer<typeof FunnelNode>;

export const FunnelEdge = z.object({
  nodeId: z.string(),
  handle: z.string(),
  /** Cases that left the step by this output. */
  cases: z.number().int(),
});
export type FunnelEdge = z.infer<typeof FunnelEdge>;

export const FlowFunnel = z.object({
  flowId: z.uuid(),
  flowName: z.string(),
  version: z.number().int(),
  /** Every published version, newest first (for the version picker). */
  versions: z.array(z.number().int()),
  graph: FlowGraph,
  casesEntered: z.number().int(),
  nodes: z.array(FunnelNode),
  edges: z.array(FunnelEdge),
});
export type FlowFunnel = z.infer<typeof FlowFunnel>;
