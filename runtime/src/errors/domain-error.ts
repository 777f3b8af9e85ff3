/**
 * Expected failures (bad input, a conflict, a refused action) carry a code, a message a user
 * can act on, and where it applies, the field. The tRPC layer maps the code to a status; bugs
 * stay plain Errors and reach users only as a generic message.
 */
import type { FlowProblem, TemplateProblem } from '@collectflow/shared';

export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  /** A provider we depend on (a payment provider) cannot help right now. */
  | 'SERVICE_UNAVAILABLE'
  | 'UNAUTHORIZED';

export interface DomainErrorDetails {
  field?: string;
  retryAfterSeconds?: number;
  /** Every problem of a flow that cannot be published, each with its node and field. */
  problems?: FlowProblem[];
  /** Every problem of a template that cannot be published, each with its language and field. */
  templateProblems?: TemplateProblem[];
  /** Problems with items of a batch request: which item (its index) and which field. */
  items?: ItemProblem[];
}

export interface ItemProblem {
  index: number | null;
  field: string | null;
  message: string;
}

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}
