/** docs/flow-json.md shows the example flow in full: it must stay the file it says it is. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import standard from '../../examples/flows/nl-consumer-standard.json' with { type: 'json' };

describe('docs/flow-json.md', () => {
  it('shows exactly the example flow nl-consumer-standard.json', () => {
    const doc = readFileSync(new URL('../../../docs/flow-json.md', import.meta.url), 'utf8');
    const example = doc.split('## A complete example')[1]?.match(/```json\n([\s\S]*?)\n```/)?.[1];
    expect(example, 'a ```json block after "## A complete example"').toBeDefined();
    expect(JSON.parse(example!)).toEqual(standard);
  });
});
