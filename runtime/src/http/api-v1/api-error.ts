/**
 * Error responses of the REST API: `{ "error": { "code", "message", "details"? } }`, with the
 * item index and field of each problem in a request body. Nothing internal (stack traces,
 * SQL) reaches the caller; unexpected errors are logged and answered with a generic message.
 */
import { type ApiError, issueMessage } from '@collectflow/shared';
import { ZodError } from 'zod';
import { DomainError, type ItemProblem } from '../../errors/domain-error.ts';

export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ItemProblem[],
  ) {
    super(message);
  }
}

const statusOf: Record<DomainError['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** Problems of a zod error as items and fields: `items.3.amountMinor` → item 3, field `amountMinor`. */
export function itemProblems(error: ZodError): ItemProblem[] {
  return error.issues.map((issue) => {
    const [first, second, ...rest] = issue.path;
    const inItems = first === 'items' && typeof second === 'number';
    const field = (inItems ? rest : issue.path).map(String).join('.');
    return { index: inItems ? second : null, field: field || null, message: issueMessage(issue) };
  });
}

export function toApiError(error: unknown): { status: number; body: ApiError } | null {
  if (error instanceof ApiProblem) {
    return {
      status: error.status,
      body: {
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      },
    };
  }
  if (error instanceof ZodError) {
    const details = itemProblems(error);
    const count = new Set(details.map((detail) => detail.index)).size;
    const message = details.some((detail) => detail.index !== null)
      ? `${count === 1 ? 'One item is' : `${count} items are`} not valid; nothing was saved.`
      : `The request is not valid: ${details[0]?.field ? `${details[0].field} ` : ''}${details[0]?.message ?? ''}`.trim();
    return { status: 400, body: { error: { code: 'invalid_request', message, details } } };
  }
  if (error instanceof DomainError) {
    return {
      status: statusOf[error.code],
      body: {
        error: {
          code: error.code.toLowerCase(),
          message: error.message,
          ...(error.details.items ? { details: error.details.items } : {}),
          ...(!error.details.items && error.details.field
            ? { details: [{ index: null, field: error.details.field, message: error.message }] }
            : {}),
        },
      },
    };
  }
  return null;
}
