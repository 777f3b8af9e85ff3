/** What every REST endpoint needs: the pool, flow definitions (for enrolment), and the caller's key. */
import type { ApiScope } from '@collectflow/shared';
import type { FastifyRequest } from 'fastify';
import type { ApiCaller } from '../../api-keys/api-key-queries.ts';
import type { Pool } from '../../db/pool.ts';
import type { FlowDefinitions } from '../../flows/flow-definitions.ts';
import type { Paylinks } from '../../paylinks/paylinks.ts';
import { ApiProblem } from './api-error.ts';

export interface ApiContext {
  pool: Pool;
  definitions: FlowDefinitions;
  /** Issues the cases' paylinks. */
  paylinks: Paylinks;
  /** Where debtors reach the service; default: the address the request came to. */
  publicUrl?: string;
  /** Seals webhook secrets. */
  secretKey: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller: ApiCaller | null;
  }
}

/** The caller, if its key has `scope`; otherwise a 403 naming the scope. */
export function requireScope(request: FastifyRequest, scope: ApiScope): ApiCaller {
  const caller = request.apiCaller;
  if (!caller) throw new ApiProblem(401, 'unauthorized', 'Send an API key as "Authorization: Bearer cfk_…".');
  if (!caller.scopes.includes(scope)) {
    throw new ApiProblem(
      403,
      'insufficient_scope',
      `This API key lacks the scope “${scope}”; an admin can create one that has it.`,
    );
  }
  return caller;
}
