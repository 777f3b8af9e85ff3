/**
 * The state of a form validated by a shared zod schema and sent to the runtime: whether it is
 * busy, the problem to show above it, and the problem of each field (from the schema before
 * sending, or from the runtime when it names a field).
 */
import type { z } from 'zod';
import { errorField, errorMessage } from '../api/error-message.ts';
import { type FieldProblems, fieldProblemsOf } from './field-problems.ts';

export class SchemaForm<Schema extends z.ZodType> {
  busy = $state(false);
  problem = $state<string | null>(null);
  fieldProblems = $state<FieldProblems>({});

  constructor(private readonly schema: Schema) {}

  /** Validates `values` and, if they are valid, runs `send` with them. Returns whether it succeeded. */
  async submit(values: unknown, send: (data: z.output<Schema>) => Promise<unknown>): Promise<boolean> {
    this.problem = null;
    const parsed = this.schema.safeParse(values);
    if (!parsed.success) {
      this.fieldProblems = fieldProblemsOf(parsed.error);
      return false;
    }
    this.fieldProblems = {};
    this.busy = true;
    try {
      await send(parsed.data);
      return true;
    } catch (error) {
      const field = errorField(error);
      if (field) this.fieldProblems = { [field]: errorMessage(error) };
      else this.problem = errorMessage(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
