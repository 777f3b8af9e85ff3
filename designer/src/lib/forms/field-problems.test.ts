import { CreateUserInput } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { fieldProblemsOf } from './field-problems.ts';

describe('fieldProblemsOf', () => {
  it('keeps the first message for each field, from the shared schema', () => {
    const result = CreateUserInput.safeParse({ email: 'nope', name: ' ', role: 'viewer', password: 'short' });
    expect(result.success).toBe(false);
    expect(fieldProblemsOf(result.error!)).toEqual({
      email: 'Enter a valid e-mail address, such as name@example.com.',
      name: 'Enter the person’s name.',
      password: 'Use at least 10 characters for the password.',
    });
  });
});
