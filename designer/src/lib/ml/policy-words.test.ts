import { describe, expect, it } from 'vitest';
import { fallbackWords, metricsSentence, oddsWords, upliftSentence } from './policy-words.ts';

const uplift = {
  decisions: 5000,
  policyRate: 0.254,
  bestSingleChannel: 'sms' as const,
  bestSingleRate: 0.23,
  uplift: 0.024,
  interval: { low: 0.01, high: 0.038 },
};

describe('the model page in words', () => {
  it('says whether the policy beats the best single channel', () => {
    expect(upliftSentence(uplift, 7)).toBe(
      '25.4 % of cases paid within 7 days, against an estimated 23.0 % had every case gone by SMS (the best single channel): +2.4 points (95 % interval +1.0 to +3.8 points). The policy beats the best single channel.',
    );
    expect(upliftSentence({ ...uplift, interval: { low: -0.004, high: 0.05 } }, 7)).toContain(
      'Not yet distinguishable from the best single channel',
    );
    expect(upliftSentence({ ...uplift, uplift: -0.03, interval: { low: -0.05, high: -0.01 } }, 7)).toContain(
      '−3.0 points (95 % interval −5.0 to −1.0 points). The policy does worse than SMS alone',
    );
  });

  it('explains the metrics and the weights', () => {
    const model = { holdout: 3800, auc: 0.624, logLoss: 0.54, baseRateLogLoss: 0.559 } as never;
    expect(metricsSentence(model, (value) => value.toLocaleString('en-GB'))).toBe(
      "held out 3,800 messages to test on; AUC 0.62 (0.5 is guessing, 1 is perfect); 3.4 % better log loss than predicting each channel's average.",
    );
    expect(metricsSentence({ ...(model as object), logLoss: 0.57 } as never, String)).toContain(
      "2.0 % worse log loss than predicting each channel's average. It does not yet predict better",
    );
    expect(oddsWords(2.134)).toBe('×2.1');
    expect(oddsWords(0.42)).toBe('×0.4');
    expect(fallbackWords(['email', 'sms', 'letter'])).toBe('E-mail → SMS → Letter');
  });
});
