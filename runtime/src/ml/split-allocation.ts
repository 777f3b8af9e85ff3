/**
 * Traffic shares of an A/B split that shifts traffic to the winner: each variant gets its
 * probability to be the best (Beta posteriors of its payment rate, by seeded Monte Carlo), with
 * a guaranteed minimum share so losing variants keep being measured. The results are the runs
 * that passed the split in the window (`run_analytics.variants`). Runs entered less than the
 * maturity period ago count only when already paid, so young runs do not drag a variant down
 * before they had their chance.
 */
import type { AbVariant, ShiftToWinner } from '@collectflow/shared';
import { probabilityToBeBest } from '../analytics/ab-statistics.ts';
import type { Queryable } from '../db/pool.ts';

export interface VariantResult {
  cases: number;
  paid: number;
}

/** Shares in percent by variant, adding up to 100. */
export function splitShares(
  variants: readonly AbVariant[],
  results: Readonly<Record<string, VariantResult>>,
  option: ShiftToWinner,
): Record<string, number> {
  const best = probabilityToBeBest(
    variants.map((variant) => {
      const result = results[variant.id] ?? { cases: 0, paid: 0 };
      return { trials: result.cases, successes: result.paid };
    }),
  );
  const floor = option.minimumShare;
  const rest = 100 - floor * variants.length;
  return Object.fromEntries(variants.map((variant, index) => [variant.id, floor + rest * best[index]!]));
}

export interface AllocationSpec {
  workspaceId: string;
  flowId: string;
  nodeId: string;
  variants: readonly AbVariant[];
  option: ShiftToWinner;
  now: Date;
  /** Runs younger than this count only once paid. Default: 14 days. */
  maturityDays?: number;
  /** Default: 90 days. */
  windowDays?: number;
}

/** Recomputes and stores the split's shares; returns them. */
export async function refreshSplitAllocation(db: Queryable, spec: AllocationSpec): Promise<Record<string, number>> {
  const day = 86_400_000;
  const { rows } = await db.query<{ variant: string; cases: number; paid: number }>(
    `select ra.variants ->> $3 as variant, count(*)::int as cases, count(ra.paid_at)::int as paid
       from run_analytics ra
      where ra.workspace_id = $1 and ra.flow_id = $2 and ra.variants ? $3
        and ra.entered_at >= $4 and (ra.entered_at < $5 or ra.paid_at is not null)
      group by 1`,
    [
      spec.workspaceId,
      spec.flowId,
      spec.nodeId,
      new Date(spec.now.getTime() - (spec.windowDays ?? 90) * day),
      new Date(spec.now.getTime() - (spec.maturityDays ?? 14) * day),
    ],
  );
  const results = Object.fromEntries(rows.map((row) => [row.variant, { cases: row.cases, paid: row.paid }]));
  const shares = splitShares(spec.variants, results, spec.option);
  await db.query(
    `insert into ml_split_allocations (workspace_id, flow_id, node_id, shares, basis, computed_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, flow_id, node_id)
       do update set shares = excluded.shares, basis = excluded.basis, computed_at = excluded.computed_at`,
    [spec.workspaceId, spec.flowId, spec.nodeId, JSON.stringify(shares), JSON.stringify(results), spec.now],
  );
  return shares;
}

/** The stored shares of a split, or null before the first computation. */
export async function readSplitShares(
  db: Queryable,
  key: { workspaceId: string; flowId: string; nodeId: string },
): Promise<Record<string, number> | null> {
  const { rows } = await db.query<{ shares: Record<string, number> }>({
    name: 'collectflow.ml-split-shares',
    text: 'select shares from ml_split_allocations where workspace_id = $1 and flow_id = $2 and node_id = $3',
    values: [key.workspaceId, key.flowId, key.nodeId],
  });
  return rows[0]?.shares ?? null;
}
