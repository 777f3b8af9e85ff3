/** Problems per form field from a zod validation error: the first message for each field. */
import type { z } from 'zod';

export type FieldProblems = Record<string, string>;

export function fieldProblemsOf(error: z.ZodError): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    problems[field] ??= issue.message;
  }
  return problems;
}
