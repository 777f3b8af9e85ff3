import { describe, expect, it } from 'vitest';
import { flowFileName, readFlowFile } from './flow-file.ts';

describe('flow files', () => {
  it('name exports after the flow', () => {
    expect(flowFileName('NL consumer (with 14-day letter)')).toBe('nl-consumer-with-14-day-letter.json');
    expect(flowFileName('Übergabe ans Inkasso')).toBe('ubergabe-ans-inkasso.json');
    expect(flowFileName('!!!')).toBe('flow.json');
  });

  it('say what is wrong with a file that is not a flow', () => {
    expect(readFlowFile('a.json', '{"nodes": [')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^a\.json is not valid JSON: /),
    });
    expect(readFlowFile('b.json', '{"schemaVersion": 2, "name": "x", "nodes": [], "edges": []}')).toEqual({
      ok: false,
      message: 'b.json is not a Collectflow flow: Set "schemaVersion" to 1. (at schemaVersion)',
    });
    const good = readFlowFile('c.json', '\uFEFF{"schemaVersion": 1, "name": "Mine", "nodes": [], "edges": []}');
    expect(good).toMatchObject({ ok: true, draft: { name: 'Mine', settings: {} } });
  });
});
