import { describe, expect, it } from 'vitest';
import { moveCandidate, toggleCandidate } from './candidate-order.ts';

describe('the candidates of a best-channel step', () => {
  it('add at the end of the fallback order and leave on removal', () => {
    expect(toggleCandidate(['email', 'sms'], 'letter', true)).toEqual(['email', 'sms', 'letter']);
    expect(toggleCandidate(['email', 'sms'], 'sms', true)).toEqual(['email', 'sms']);
    expect(toggleCandidate(['email', 'sms', 'letter'], 'sms', false)).toEqual(['email', 'letter']);
  });

  it('move up and down, not past the ends', () => {
    expect(moveCandidate(['email', 'sms', 'letter'], 2, -1)).toEqual(['email', 'letter', 'sms']);
    expect(moveCandidate(['email', 'sms', 'letter'], 0, 1)).toEqual(['sms', 'email', 'letter']);
    expect(moveCandidate(['email', 'sms'], 0, -1)).toEqual(['email', 'sms']);
    expect(moveCandidate(['email', 'sms'], 1, 1)).toEqual(['email', 'sms']);
  });
});
