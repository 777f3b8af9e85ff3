import { describe, expect, it } from 'vitest';
import { sectionOf, sections } from './navigation.ts';

describe('navigation', () => {
  it('lists the nine sections of the product', () => {
    expect(sections.map((section) => section.label)).toEqual([
      'Dashboard',
      'Flows',
      'Templates',
      'Models',
      'Cases',
      'Tasks',
      'Outbox',
      'Connectors',
      'Settings',
    ]);
  });

  it('finds the section of nested pages but not of look-alike addresses', () => {
    expect(sectionOf('/flows/123/edit')?.label).toBe('Flows');
    expect(sectionOf('/cases')?.label).toBe('Cases');
    expect(sectionOf('/flowsy')).toBeUndefined();
  });
});
