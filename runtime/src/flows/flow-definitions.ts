/**
 * Published flow versions, validated once and kept in memory: versions never change, so a
 * definition can be cached for as long as the process lives (bounded, least recently used).
 */
import { type FlowDefinition, type FlowProblem, toFlowDefinition } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

/** A stored version that no longer validates (e.g. written by a newer Collectflow). */
export class UnusableFlowVersionError extends Error {
  override name = 'UnusableFlowVersionError';
  constructor(
    readonly flowId: string,
    readonly version: number,
    readonly problems: FlowProblem[],
  ) {
    super(`Flow ${flowId} version ${version} cannot be run: ${problems.map((problem) => problem.message).join(' ')}`);
  }
}

export class FlowDefinitions {
  private readonly cache = new Map<string, FlowDefinition>();

  constructor(private readonly capacity = 500) {}

  async get(db: Queryable, workspaceId: string, flowId: string, version: number): Promise<FlowDefinition> {
    const key = `${flowId}:${version}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const { rows } = await db.query<{ graph: unknown }>(
      'select graph from flow_versions where workspace_id = $1 and flow_id = $2 and version = $3',
      [workspaceId, flowId, version],
    );
    if (!rows[0]) throw new UnusableFlowVersionError(flowId, version, []);
    const result = toFlowDefinition(rows[0].graph);
    if (!result.ok) throw new UnusableFlowVersionError(flowId, version, result.problems);
    this.cache.set(key, result.definition);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return result.definition;
  }
}
