import { describe, expect, it } from 'vitest';
import { checkTemplateContent, checkTemplateText } from './check-template.ts';
import { compareLayouts, withWordsOf } from './layout-lock.ts';
import { smsLength } from './sms-segments.ts';
import { TemplateContent } from './template-content.ts';

describe('checkTemplateText', () => {
  it('accepts catalog variables, loop fields and blocks', () => {
    const { problems, paths, blocks } = checkTemplateText(
      'email',
      'Hi {{ debtor.first_name }}, {% for invoice in invoices %}{{ invoice.number }} {{ invoice.open_amount | money }}{% endfor %} {% pay_button %} {{ totals.due }}',
      'en',
      'body',
    );
    expect(problems).toEqual([]);
    expect([...paths].sort()).toEqual([
      'debtor.first_name',
      'invoice.number',
      'invoice.open_amount',
      'invoices',
      'totals.due',
    ]);
    expect([...blocks]).toEqual(['pay_button']);
  });

  it('names an unknown variable with its line and column', () => {
    const { problems } = checkTemplateText('email', 'Hello\n  {{ debtor.frist_name }}', 'nl', 'body');
    expect(problems).toEqual([
      {
        language: 'nl',
        field: 'body',
        message: '“{{ debtor.frist_name }}” is not a variable Collectflow knows. Pick one from the variable list.',
        line: 2,
        column: 6,
      },
    ]);
  });

  it('checks invoice fields inside loops and explains invoice fields outside them', () => {
    const inside = checkTemplateText(
      'email',
      '{% for invoice in invoices %}{{ invoice.colour }}{% endfor %}',
      'de',
      'body',
    );
    expect(inside.problems.map((problem) => problem.message)).toEqual([
      '“{{ invoice.colour }}” is not a variable Collectflow knows. Invoice fields work inside {% for invoice in invoices %} … {% endfor %}.',
    ]);
    const outside = checkTemplateText('sms', '{{ invoice.number }}', 'de', 'text');
    expect(outside.problems).toHaveLength(1);
  });

  it('reports syntax errors, unknown filters and blocks in the wrong channel in words', () => {
    expect(checkTemplateText('email', '{% if debtor.name %}open', 'en', 'body').problems[0]).toMatchObject({
      message: expect.stringMatching(/^The template cannot be read: tag \{% if debtor.name %\} not closed/),
      line: 1,
      column: 1,
    });
    expect(checkTemplateText('email', '{{ totals.due | euro }}', 'en', 'body').problems[0]?.message).toMatch(
      /^There is no filter “euro”/,
    );
    expect(checkTemplateText('sms', 'Pay: {% pay_button %}', 'en', 'text').problems[0]?.message).toBe(
      'The block “pay_button” is for e-mails and letters; it cannot be used in an SMS.',
    );
  });
});

describe('checkTemplateContent', () => {
  const sms = (text: string) =>
    TemplateContent.parse({ channel: 'sms', fallbackLanguage: 'nl', variants: [{ language: 'nl', text }] });

  it('insists on the paylink in reminders', () => {
    expect(checkTemplateContent(sms('Betaal {{ totals.due }} via {{ paylink.url }}'))).toEqual([]);
    expect(checkTemplateContent(sms('Betaal {{ totals.due }} vandaag.'))[0]?.message).toMatch(/^Add the paylink/);
  });

  it('refuses a fallback language without a version and two versions of one language', () => {
    const result = TemplateContent.safeParse({
      channel: 'sms',
      fallbackLanguage: 'en',
      variants: [
        { language: 'nl', text: 'a' },
        { language: 'nl', text: 'b' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).sort()).toEqual([
      'The fallback language EN has no version; add it or pick another.',
      'There are two NL versions; keep one per language.',
    ]);
  });
});

describe('compareLayouts', () => {
  const published = `<mjml><mj-body><mj-section><mj-column>
    <mj-image src="logo.png" width="120px" />
    <mj-text font-size="14px">Dear {{ debtor.name }}, please <b>pay</b>.</mj-text>
    <mj-raw>{% invoice_table %}</mj-raw>
    <mj-button href="{{ paylink.url }}">Pay now</mj-button>
  </mj-column></mj-section></mj-body></mjml>`;

  it('allows changed words and inline formatting', () => {
    const changed = published
      .replace('please <b>pay</b>.', 'we kindly ask you to pay <i>today</i>.<br/>Thanks!')
      .replace('Pay now', 'Pay today')
      .replace('width="120px" />', "width='120px'/>");
    expect(compareLayouts(published, changed)).toEqual({ same: true });
  });

  it('refuses a removed, added, moved or restyled block', () => {
    expect(compareLayouts(published, published.replace('<mj-raw>{% invoice_table %}</mj-raw>', ''))).toEqual({
      same: false,
      reason: 'the “Open invoices” block was removed',
    });
    expect(compareLayouts(published, published.replace('<mj-raw>', '<mj-divider /><mj-raw>'))).toEqual({
      same: false,
      reason: 'the “divider” block was added',
    });
    expect(compareLayouts(published, published.replace('font-size="14px"', 'font-size="20px"'))).toEqual({
      same: false,
      reason: 'the “text” block was moved or restyled',
    });
    expect(compareLayouts(published, published.replace('{% invoice_table %}', '{% pay_button %}')).same).toBe(false);
  });
});

describe('withWordsOf', () => {
  const original =
    '<mjml><mj-body width="600px"><mj-section><mj-column><mj-text font-size="14px">Dear {{ debtor.name }},</mj-text><mj-raw>{% pay_button %}</mj-raw><mj-button href="{{ paylink.url }}">Pay now</mj-button></mj-column></mj-section></mj-body></mjml>';

  it('takes only the words of an edited copy, keeping the original layout byte for byte', () => {
    // What a visual editor might return: attributes reordered, width dropped, ids added.
    const edited =
      '<mjml><mj-body><mj-section id="i3"><mj-column><mj-text font-size="14px" id="x">Hello {{ debtor.name }}, <b>thanks</b></mj-text><mj-raw>{% pay_button %}</mj-raw><mj-button href="{{ paylink.url }}">Pay today</mj-button></mj-column></mj-section></mj-body></mjml>';
    expect(withWordsOf(original, edited)).toBe(
      original
        .replace('Dear {{ debtor.name }},', 'Hello {{ debtor.name }}, <b>thanks</b>')
        .replace('Pay now', 'Pay today'),
    );
  });

  it('refuses a copy with other text elements', () => {
    expect(withWordsOf(original, original.replace(/<mj-button[\s\S]*<\/mj-button>/, ''))).toBeNull();
  });
});

describe('smsLength', () => {
  it('counts GSM-7 parts, with € counting twice', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(smsLength(`${'a'.repeat(159)}€`)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('switches to UCS-2 for one character outside GSM-7 and names it', () => {
    expect(smsLength(`Zahlen Sie ${'a'.repeat(60)} bis Montag ✓`)).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      nonGsmCharacters: ['✓'],
    });
    expect(smsLength('')).toMatchObject({ segments: 0 });
  });
});
