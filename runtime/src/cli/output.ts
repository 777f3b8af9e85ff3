/**
 * How commands speak: sentences for people, or with `--json` one JSON document on stdout for
 * scripts (errors too, with a non-zero exit code). A public contract: keep the JSON stable.
 */
import type { FlowProblem } from '@collectflow/shared';

export class CommandFailure extends Error {
  override name = 'CommandFailure';
  constructor(
    message: string,
    readonly json: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Output {
  json: boolean;
}

/** Prints `human` (lines) or `data` (with --json). */
export function print(output: Output, human: string | string[], data: unknown): void {
  if (output.json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else process.stdout.write(`${[human].flat().join('\n')}\n`);
}

/** Problems of a flow, one line each: `node n4, data.template: …`. */
export function describeProblems(problems: readonly FlowProblem[]): string[] {
  return problems.map((problem) => {
    const where = [
      problem.nodeId && `node ${problem.nodeId}`,
      problem.edgeId && `connection ${problem.edgeId}`,
      problem.field,
    ]
      .filter(Boolean)
      .join(', ');
    return `  - ${where ? `${where}: ` : ''}${problem.message}`;
  });
}
