import { describe, expect, it } from 'vitest';
import { restoreBrandReferences, showBrandValues } from './brand-references.ts';

const brand = {
  colours: { primary: '#0b6e4f', accent: '#f2a541', text: '#1f2933', background: '#ffffff' },
  fonts: { heading: 'Georgia, serif', body: 'Inter, Arial, sans-serif' },
};

describe('brand references in the visual editor', () => {
  const source =
    '<mj-text color="{{ brand.colours.primary }}" font-family="{{ brand.fonts.heading }}">{{ brand.name }}</mj-text><mj-section border-top="4px solid {{ brand.colours.primary }}">';

  it('shows brand values and turns them back into references, leaving other text alone', () => {
    const shown = showBrandValues(source, brand);
    expect(shown).toBe(
      '<mj-text color="#0b6e4f" font-family="Georgia, serif">{{ brand.name }}</mj-text><mj-section border-top="4px solid #0b6e4f">',
    );
    expect(restoreBrandReferences(shown, brand)).toBe(source);
    // Upper-case hex from a colour picker is the brand colour too; text content is not touched.
    expect(restoreBrandReferences('<mj-text color="#0B6E4F">#0b6e4f</mj-text>', brand)).toBe(
      '<mj-text color="{{ brand.colours.primary }}">#0b6e4f</mj-text>',
    );
  });
});
