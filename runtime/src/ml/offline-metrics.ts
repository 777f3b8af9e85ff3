/**
 * How well a model predicts messages it did not learn from: log loss (lower is better; compared
 * with predicting every message the channel's base rate) and AUC (the chance that a paying
 * message is ranked above a non-paying one; 0.5 is guessing).
 */
export interface Scored {
  predicted: number;
  paid: boolean;
}

export function logLoss(scored: readonly Scored[]): number | null {
  if (scored.length === 0) return null;
  let sum = 0;
  for (const { predicted, paid } of scored) {
    const p = Math.min(Math.max(predicted, 1e-9), 1 - 1e-9);
    sum -= paid ? Math.log(p) : Math.log(1 - p);
  }
  return sum / scored.length;
}

/** The area under the ROC curve by ranks (ties share their average rank); null without both outcomes. */
export function areaUnderCurve(scored: readonly Scored[]): number | null {
  const positives = scored.filter((item) => item.paid).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...scored].sort((a, b) => a.predicted - b.predicted);
  let rankSum = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]!.predicted === sorted[start]!.predicted) end += 1;
    const averageRank = (start + end + 2) / 2;
    for (let index = start; index <= end; index += 1) if (sorted[index]!.paid) rankSum += averageRank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
