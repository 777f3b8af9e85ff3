/**
 * Turns any failure into a sentence for a business user. The runtime's messages are already
 * written for people; a network failure is not, so it gets its own.
 */
import { TRPCClientError } from '@trpc/client';

export const unreachableMessage = 'Collectflow cannot reach its server. Check your connection and try again.';

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    // No response body at all means the request never reached the runtime.
    if (!error.data && !error.shape) return unreachableMessage;
    return error.message;
  }
  if (error instanceof TypeError) return unreachableMessage;
  return 'Something went wrong. Please try again.';
}

/** The field a validation error is about, if the runtime named one. */
export function errorField(error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const field = (error.data as { field?: unknown } | undefined)?.field;
    return typeof field === 'string' ? field : null;
  }
  return null;
}
