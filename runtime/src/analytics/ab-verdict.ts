/**
 * Compares the variants of one A/B test and says in plain words what the figures mean: who
 * leads, by how much, how sure that is, and how many cases would settle it.
 */
import type { AbComparison, AbVariantResult } from '@collectflow/shared';
import { sampleSizePerVariant, twoProportionTest } from './ab-statistics.ts';

/** Probability to be best from which a test counts as decided. */
export const decisionThreshold = 0.95;

const percent = (share: number) => `${Math.round(share * 100)} %`;
const sureness = (share: number) => (share > 0.99 ? 'over 99 %' : percent(share));

export function compareVariants(variants: readonly AbVariantResult[]): AbComparison | null {
  const ranked = variants.filter((variant) => variant.cases > 0).sort((a, b) => b.paymentRate - a.paymentRate);
  const [leader, runnerUp] = ranked;
  if (!leader || !runnerUp) return null;
  const test = twoProportionTest(
    { successes: runnerUp.paid, trials: runnerUp.cases },
    { successes: leader.paid, trials: leader.cases },
  )!;
  const relativeLift = runnerUp.paymentRate === 0 ? null : leader.paymentRate / runnerUp.paymentRate - 1;
  const decided = leader.probabilityBest >= decisionThreshold;
  const needed = sampleSizePerVariant(runnerUp.paymentRate, leader.paymentRate);
  const casesStillNeeded = Number.isFinite(needed)
    ? Math.max(0, Math.ceil(needed) - Math.min(leader.cases, runnerUp.cases))
    : null;
  const lead =
    relativeLift === null
      ? `${leader.label} pays in ${percent(leader.paymentRate)} of cases, ${runnerUp.label} in none`
      : `${leader.label} pays ${percent(relativeLift)} more often than ${runnerUp.label}`;
  let verdict: string;
  if (test.difference === 0) {
    verdict = `No difference so far: ${leader.label} and ${runnerUp.label} both pay in ${percent(leader.paymentRate)} of cases.`;
  } else if (decided) {
    verdict = `${lead}; ${sureness(leader.probabilityBest)} probability it is the best.`;
  } else {
    verdict =
      `Not decided yet: ${lead} so far, which may still be chance (${sureness(leader.probabilityBest)} probability it is the best).` +
      (casesStillNeeded ? ` About ${casesStillNeeded.toLocaleString('en')} more cases per variant would tell.` : '');
  }
  return {
    leader: leader.id,
    runnerUp: runnerUp.id,
    relativeLift,
    difference: test.difference,
    differenceInterval: test.interval,
    pValue: test.pValue,
    decided,
    casesStillNeeded,
    verdict,
  };
}
