import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { errorField, errorMessage, unreachableMessage } from './error-message.ts';

describe('errorMessage', () => {
  it('passes the runtime’s own message through', () => {
    const error = new TRPCClientError('Use at least 10 characters for the password.', {
      result: { error: { code: -32600, message: 'x', data: { code: 'BAD_REQUEST', field: 'password' } } },
    });
    expect(errorMessage(error)).toBe('Use at least 10 characters for the password.');
    expect(errorField(error)).toBe('password');
  });

  it('explains a failed network request in plain words', () => {
    expect(errorMessage(TRPCClientError.from(new TypeError('Failed to fetch')))).toBe(unreachableMessage);
    expect(errorMessage(new TypeError('NetworkError when attempting to fetch resource.'))).toBe(unreachableMessage);
  });

  it('never shows a raw programming error', () => {
    expect(errorMessage(new Error('Cannot read properties of undefined'))).toBe(
      'Something went wrong. Please try again.',
    );
  });
});
