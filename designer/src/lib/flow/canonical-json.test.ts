import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonical JSON', () => {
  it('is the same for the same value in any key order, and differs for different values', () => {
    const stored = { settings: { timezone: 'Europe/Amsterdam', exitWhen: 'paid' }, name: 'A', nodes: [{ y: 1, x: 2 }] };
    const edited = { name: 'A', nodes: [{ x: 2, y: 1 }], settings: { exitWhen: 'paid', timezone: 'Europe/Amsterdam' } };
    expect(canonicalJson(stored)).toBe(canonicalJson(edited));
    expect(canonicalJson(stored)).not.toBe(canonicalJson({ ...edited, nodes: [{ x: 2, y: 2 }] }));
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });
});
