/**
 * The brand kit as MJML defaults: fonts, text and button colours of every e-mail come from the
 * brand unless a template sets them itself. The runtime puts Liquid references into it (so a
 * brand change restyles every published e-mail at its next send); the editor puts the brand's
 * real values into its canvas and takes the block out again before saving.
 */

export interface BrandStyle {
  primary: string;
  accent: string;
  text: string;
  background: string;
  headingFont: string;
  bodyFont: string;
}

/** Liquid references to the brand, filled in per message. */
export const brandStyleReferences: BrandStyle = {
  primary: '{{ brand.colours.primary }}',
  accent: '{{ brand.colours.accent }}',
  text: '{{ brand.colours.text }}',
  background: '{{ brand.colours.background }}',
  headingFont: '{{ brand.fonts.heading }}',
  bodyFont: '{{ brand.fonts.body }}',
};

const marker = 'cf-brand';

export function brandMjmlAttributes(style: BrandStyle): string {
  return `<mj-attributes><mj-class name="${marker}" color="${style.text}" /><mj-all font-family="${style.bodyFont}" /><mj-text color="${style.text}" line-height="1.5" font-size="15px" /><mj-button background-color="${style.primary}" color="#ffffff" font-family="${style.bodyFont}" font-weight="bold" /><mj-body background-color="${style.background}" /></mj-attributes>`;
}

const brandBlockPattern = /<mj-attributes>\s*<mj-class[^>]*name="cf-brand"[\s\S]*?<\/mj-attributes>/g;

/** The MJML source with the brand defaults in its head (a head is added when missing). */
export function withBrandMjml(source: string, style: BrandStyle): string {
  const clean = withoutBrandMjml(source);
  const attributes = brandMjmlAttributes(style);
  if (/<mj-head>/.test(clean)) return clean.replace(/<mj-head>/, `<mj-head>${attributes}`);
  return clean.replace(/<mjml([^>]*)>/, `<mjml$1><mj-head>${attributes}</mj-head>`);
}

export function withoutBrandMjml(source: string): string {
  return source.replace(brandBlockPattern, '').replace(/<mj-head>\s*<\/mj-head>/, '');
}
