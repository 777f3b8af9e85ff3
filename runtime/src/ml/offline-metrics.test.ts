import { describe, expect, it } from 'vitest';
import { areaUnderCurve, logLoss } from './offline-metrics.ts';

describe('offline metrics', () => {
  it('rank a perfect, a useless and a reversed model', () => {
    const perfect = [
      { predicted: 0.9, paid: true },
      { predicted: 0.8, paid: true },
      { predicted: 0.2, paid: false },
    ];
    expect(areaUnderCurve(perfect)).toBe(1);
    expect(areaUnderCurve(perfect.map((item) => ({ ...item, predicted: 0.5 })))).toBe(0.5);
    expect(areaUnderCurve(perfect.map((item) => ({ ...item, predicted: 1 - item.predicted })))).toBe(0);
  });

  it('give the AUC of a worked example (5 of 6 paying–not-paying pairs ranked right)', () => {
    const scored = [
      { predicted: 0.1, paid: false },
      { predicted: 0.4, paid: true },
      { predicted: 0.35, paid: false },
      { predicted: 0.8, paid: true },
    ];
    expect(areaUnderCurve(scored)).toBe(1);
    expect(areaUnderCurve([...scored, { predicted: 0.5, paid: false }])).toBeCloseTo(5 / 6, 10);
  });

  it('give the log loss of a coin flip as ln 2, and none for no data', () => {
    expect(logLoss([{ predicted: 0.5, paid: true }])).toBeCloseTo(Math.LN2, 12);
    expect(logLoss([])).toBeNull();
    expect(areaUnderCurve([{ predicted: 0.3, paid: true }])).toBeNull();
  });
});
