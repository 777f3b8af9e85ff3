/** The `:id` of a REST path as a uuid; anything else is an unknown `what` (404), never a 400 or a database error. */
import { z } from 'zod';
import { ApiProblem } from './api-error.ts';

const IdParams = z.object({ id: z.string() });

export function pathId(params: unknown, what: string): string {
  const { id } = IdParams.parse(params);
  if (!z.uuid().safeParse(id).success) throw new ApiProblem(404, 'not_found', `There is no ${what} ${id}.`);
  return id;
}
