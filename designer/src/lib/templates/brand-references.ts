/**
 * Templates refer to the brand kit (`color="{{ brand.colours.primary }}"`) so a brand change
 * restyles them. The visual editor cannot draw a Liquid reference, so it shows the brand's real
 * values and turns them back into references when saving.
 */
import type { Brand } from '@collectflow/shared';

function pairs(brand: Pick<Brand, 'colours' | 'fonts'>): [string, string][] {
  return [
    ['{{ brand.colours.primary }}', brand.colours.primary],
    ['{{ brand.colours.accent }}', brand.colours.accent],
    ['{{ brand.colours.text }}', brand.colours.text],
    ['{{ brand.colours.background }}', brand.colours.background],
    ['{{ brand.fonts.heading }}', brand.fonts.heading],
    ['{{ brand.fonts.body }}', brand.fonts.body],
  ];
}

/** Brand references inside attribute values become the brand's values. */
export function showBrandValues(source: string, brand: Pick<Brand, 'colours' | 'fonts'>): string {
  let shown = source;
  for (const [reference, value] of pairs(brand))
    shown = shown.replaceAll(`"${reference}`, `"${value}`).replaceAll(reference, value);
  return shown;
}

/** The brand's values inside attribute values become references again. */
export function restoreBrandReferences(source: string, brand: Pick<Brand, 'colours' | 'fonts'>): string {
  let restored = source;
  for (const [reference, value] of pairs(brand)) {
    const pattern = new RegExp(`(="[^"]*?)${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'gi');
    let previous: string;
    do {
      previous = restored;
      restored = restored.replace(pattern, `$1${reference}`);
    } while (restored !== previous);
  }
  return restored;
}
