/**
 * Expected failures (bad input, a conflict, a refused action) carry a code, a message a user
 * can act on, and where it applies, the field. The tRPC layer maps the code to a status; bugs
 * stay plain Errors and reach users only as a generic message.
 */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  | 'UNAUTHORIZED';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}
