/**
 * The A4 page every letter is printed on (DIN 5008 form B, which fits Dutch and German window
 * envelopes): the return line and the debtor's address in the window 45 mm from the top and
 * 20 mm from the left (85 × 45 mm), fold marks at 105 and 210 mm, the punch mark at 148.5 mm,
 * date and references on the right, then the subject and the letter's own text. Templates
 * supply only the text; the page is fixed so no edit can move the address out of the window.
 */
import { escapeHtml } from './dunning-block-html.ts';

/** The page, with Liquid references for the per-message parts; `body` and `css` come from the template. */
export function letterPage(input: { subject: string; body: string; css: string; language: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(input.language)}">
<head>
<meta charset="utf-8">
<title>${input.subject}</title>
<style>
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
body { margin: 0; background: #e9ecea; }
.cf-page { position: relative; width: 210mm; min-height: 297mm; margin: 0 auto; background: #fff; color: {{ brand.colours.text }};
  font-family: {{ brand.fonts.body }}; font-size: 11pt; line-height: 1.45; }
.cf-fold { position: absolute; left: 5mm; width: 6mm; border-top: 0.3mm solid #9aa5a0; }
.cf-logo { position: absolute; top: 12mm; right: 20mm; max-height: 18mm; max-width: 60mm; }
.cf-brand-name { position: absolute; top: 15mm; right: 20mm; font-family: {{ brand.fonts.heading }}; font-size: 18pt;
  color: {{ brand.colours.primary }}; font-weight: bold; }
.cf-window { position: absolute; top: 45mm; left: 20mm; width: 85mm; height: 45mm; padding: 5mm 5mm 0 5mm; overflow: hidden; }
.cf-return { font-size: 7pt; border-bottom: 0.2mm solid #9aa5a0; margin-bottom: 3mm; white-space: nowrap; overflow: hidden; }
.cf-meta { position: absolute; top: 50mm; left: 125mm; width: 65mm; font-size: 9pt; }
.cf-meta dt { color: #6b7772; } .cf-meta dd { margin: 0 0 1.5mm 0; }
.cf-text { padding: 103mm 20mm 30mm 25mm; }
.cf-subject { font-weight: bold; margin: 0 0 6mm 0; font-size: 11pt; }
.cf-footer { position: absolute; bottom: 10mm; left: 25mm; right: 20mm; font-size: 7.5pt; color: #6b7772; border-top: 0.2mm solid #d5dbd8; padding-top: 2mm; }
@media print { body { background: #fff; } .cf-page { margin: 0; } }
${input.css}
</style>
</head>
<body>
<div class="cf-page">
  <div class="cf-fold" style="top:105mm"></div>
  <div class="cf-fold" style="top:148.5mm;width:9mm"></div>
  <div class="cf-fold" style="top:210mm"></div>
  {% if brand.logo_url != "" %}<img class="cf-logo" src="{{ brand.logo_url }}" alt="{{ brand.name }}">{% else %}<div class="cf-brand-name">{{ brand.name }}</div>{% endif %}
  <div class="cf-window">
    <div class="cf-return">{{ brand.sender_name }}{% if brand.sender_address != "" %} · {{ brand.sender_address }}{% endif %}</div>
    <div class="cf-address">{{ debtor.name }}<br>{{ debtor.address.line1 }}<br>{% if debtor.address.line2 != "" %}{{ debtor.address.line2 }}<br>{% endif %}{{ debtor.address.postal_code }} {{ debtor.address.city }}{% if debtor.address.country != "" %}<br>{{ debtor.address.country }}{% endif %}</div>
  </div>
  <dl class="cf-meta">
    <dt>{{ dates.today }}</dt><dd></dd>
    <dt>#</dt><dd>{{ debtor.customer_number }}</dd>
    <dt>Ref.</dt><dd>{{ case.reference }}</dd>
  </dl>
  <div class="cf-text">
    <p class="cf-subject">${input.subject}</p>
    ${input.body}
  </div>
  <div class="cf-footer">{{ brand.legal_footer }}</div>
</div>
</body>
</html>`;
}
