/** The example flows shipped in `@collectflow/shared/examples/flows/` (data, not code). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FlowDraft } from '@collectflow/shared';

const require = createRequire(import.meta.url);

export type ExampleFlowName = 'benchmark' | 'nl-consumer-standard' | 'de-b2c-three-level';

/** The flows the demo workspace starts with, published. */
export const demoFlowNames: readonly ExampleFlowName[] = ['nl-consumer-standard', 'de-b2c-three-level'];

export function exampleFlow(name: ExampleFlowName): FlowDraft {
  const file = require.resolve(`@collectflow/shared/examples/flows/${name}.json`);
  return FlowDraft.parse(JSON.parse(readFileSync(file, 'utf8')));
}
