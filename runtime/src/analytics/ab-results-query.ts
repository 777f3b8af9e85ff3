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
  addHistograms,
  FlowGraph,
  type HourHistogram,
  histogramMedian,
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
  collected: string | null;
  hours: Array<HourHistogram | null>;
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
  const { rows } = await db.query<VariantRow & { dimension: string }>(
    `select dimension, key as test, detail as variant, sum(cases)::int as cases, sum(paid)::int as paid,
            sum(collected_minor) as collected, jsonb_agg(hours) as hours
       from analytics_day_counts
      where workspace_id = $1 and flow_id = $2 and day between $3::date and $4::date
        and dimension in ('variant', 'subject')
      group by dimension, key, detail`,
    [workspaceId, input.flowId, input.from, input.to],
  );
  const { rows: currencies } = await db.query<{ currency: string | null }>(
    `select mode() within group (order by currency) as currency from analytics_days
      where workspace_id = $1 and flow_id = $2 and day between $3::date and $4::date`,
    [workspaceId, input.flowId, input.from, input.to],
  );
  const splitRows = { rows: rows.filter((row) => row.dimension === 'variant') };
  const subjectRows = { rows: rows.filter((row) => row.dimension === 'subject') };

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
  return { flowId: flow.id, flowName: flow.name, version, currency: currencies[0]?.currency ?? 'EUR', tests };
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
      medianHoursToPay: row ? histogramMedian(addHistograms(row.hours.filter((hours) => hours !== null))) : null,
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
