/**
 * A/B results of a flow: every A/B split of its newest version (a split right after the entry
 * tests two whole branches) and every e-mail template its runs got with more than one subject
 * line, per variant the cases, payment rate, time to pay and amount collected, compared.
 */
import {
  type AbResults,
  type AbResultsInput,
  AbSplitNodeData,
  type AbTestResult,
  FlowGraph,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { getFlow, getFlowVersion } from '../flows/flow-queries.ts';
import { probabilityToBeBest, wilsonInterval } from './ab-statistics.ts';
import { compareVariants } from './ab-verdict.ts';

interface VariantRow {
  test: string;
  variant: string;
  cases: number;
  paid: number;
  median: number | null;
  collected: string | null;
}

export async function abResultsFor(db: Queryable, workspaceId: string, input: AbResultsInput): Promise<AbResults> {
  const flow = await getFlow(db, workspaceId, input.flowId);
  const version = flow.versions[0]?.version;
  if (version === undefined) {
    throw new DomainError('BAD_REQUEST', `“${flow.name}” is not published yet, so it has no A/B results.`, {
      field: 'flowId',
    });
  }
  const graph = FlowGraph.parse((await getFlowVersion(db, workspaceId, input.flowId, version)).graph);
  const parameters = [workspaceId, input.flowId, input.from, input.to];
  const grouped = (column: 'variants' | 'subjects') =>
    db.query<VariantRow>(
      `select e.key as test, e.value as variant, count(*)::int as cases, count(a.paid_at)::int as paid,
              percentile_cont(0.5) within group (order by extract(epoch from a.paid_at - a.first_message_at) / 3600)
                filter (where a.paid_at >= a.first_message_at) as median,
              sum(a.collected_minor) as collected
         from run_analytics a cross join lateral jsonb_each_text(a.${column}) e
        where a.workspace_id = $1 and a.flow_id = $2
          and a.entered_at >= $3::date and a.entered_at < $4::date + 1
        group by 1, 2`,
      parameters,
    );
  const [splitRows, subjectRows] = await Promise.all([grouped('variants'), grouped('subjects')]);

  const entry = graph.nodes.find((node) => node.type === 'entry');
  const tests: AbTestResult[] = [];
  for (const node of graph.nodes) {
    if (node.type !== 'abSplit') continue;
    const data = AbSplitNodeData.parse(node.data);
    const rows = splitRows.rows.filter((row) => row.test === node.id);
    tests.push(
      result({
        kind: 'split',
        key: node.id,
        label: node.label ?? 'A/B split',
        wholeFlow: graph.edges.some((edge) => edge.source === entry?.id && edge.target === node.id),
        variants: data.variants.map((variant) => ({
          id: variant.id,
          label: variant.label,
          weight: variant.weight,
          row: rows.find((row) => row.variant === variant.id),
        })),
      }),
    );
  }
  const templates = [...new Set(subjectRows.rows.map((row) => row.test))].sort();
  for (const template of templates) {
    const rows = subjectRows.rows
      .filter((row) => row.test === template)
      .sort((a, b) => a.variant.localeCompare(b.variant));
    if (rows.length < 2) continue;
    tests.push(
      result({
        kind: 'subjectLines',
        key: template,
        label: `Subject lines of “${template}”`,
        wholeFlow: false,
        variants: rows.map((row) => ({ id: row.variant, label: row.variant, weight: null, row })),
      }),
    );
  }
  return { flowId: flow.id, flowName: flow.name, version, tests };
}

function result(test: {
  kind: AbTestResult['kind'];
  key: string;
  label: string;
  wholeFlow: boolean;
  variants: Array<{ id: string; label: string; weight: number | null; row: VariantRow | undefined }>;
}): AbTestResult {
  const counts = test.variants.map(({ row }) => ({ successes: row?.paid ?? 0, trials: row?.cases ?? 0 }));
  const best = probabilityToBeBest(counts);
  const variants = test.variants.map(({ id, label, weight, row }, index) => {
    const cases = row?.cases ?? 0;
    const paid = row?.paid ?? 0;
    return {
      id,
      label,
      weight,
      cases,
      paid,
      paymentRate: cases === 0 ? 0 : paid / cases,
      paymentRateInterval: wilsonInterval(counts[index]!),
      medianHoursToPay: row?.median == null ? null : Number(row.median),
      collectedMinor: Number(row?.collected ?? 0),
      probabilityBest: best[index]!,
    };
  });
  return {
    kind: test.kind,
    key: test.key,
    label: test.label,
    wholeFlow: test.wholeFlow,
    variants,
    comparison: compareVariants(variants),
  };
}
