import type { Brand, TemplateContent } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from './compile-template.ts';
import { renderMessage } from './render-message.ts';
import { sampleMessageFacts } from './sample-message-facts.ts';

const brand: Brand = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Demo Energie',
  logoUrl: null,
  colours: { primary: '#0a7c5a', accent: '#f2a900', text: '#1d2a26', background: '#ffffff' },
  fonts: { heading: 'Georgia, serif', body: 'Arial, sans-serif' },
  senderIdentities: [{ channel: 'email', name: 'Demo Energie Service', address: 'service@demo-energie.example' }],
  legalFooter: 'Demo Energie B.V. · KvK 12345678',
  payment: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', creditorName: 'Demo Energie B.V.' },
  tone: { nl: 'informal' },
  selfService: { promiseMaxDays: 30, installments: null },
};

const facts = (overrides: Partial<ReturnType<typeof sampleMessageFacts>> = {}, debtorLanguage = 'nl') => ({
  ...sampleMessageFacts(brand, '2026-11-23'),
  ...overrides,
  debtorLanguage,
});

const email = (body: string, subjects = ['Herinnering voor {{ debtor.first_name }}']): TemplateContent => ({
  channel: 'email',
  fallbackLanguage: 'en',
  variants: [
    { language: 'nl', subjects, preheader: 'Nog {{ totals.due }} open', body },
    { language: 'en', subjects: ['Reminder'], preheader: '', body: body.replace('Hallo', 'Hello') },
  ],
});

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text><mj-raw>{% pay_button %}</mj-raw></mj-column></mj-section></mj-body></mjml>`;

describe('renderMessage', () => {
  it('escapes hostile debtor data in HTML, and leaves plain text plain', async () => {
    const compiled = await compileTemplate(email(mjml('Hallo {{ debtor.first_name }}')));
    const hostile = facts({
      debtor: { ...sampleMessageFacts(brand).debtor, firstName: '<script>alert("x")</script>' },
    });
    const message = await renderMessage(compiled, hostile);
    expect(message.html).not.toContain('<script>alert');
    expect(message.html).toContain('Hallo &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(message.subject).toBe('Herinnering voor <script>alert("x")</script>');
    expect(message.text).toContain('Hallo <script>alert("x")</script>');
  });

  it('formats money and dates in the words’ language, and falls back for other languages', async () => {
    const content: TemplateContent = {
      channel: 'sms',
      fallbackLanguage: 'en',
      variants: [
        {
          language: 'nl',
          text: '{{ totals.due }} vóór {{ dates.pay_by }} ({{ dates.pay_by | short_date }}) {{ 1234.5 | money }} {{ paylink.url }}',
        },
        {
          language: 'de',
          text: '{{ totals.due }} bis {{ dates.pay_by }} ({{ dates.pay_by | short_date }}) {{ paylink.url }}',
        },
        {
          language: 'en',
          text: '{{ totals.due }} by {{ dates.pay_by }} ({{ dates.pay_by | short_date }}) {{ paylink.url }}',
        },
      ],
    };
    const compiled = await compileTemplate(content);
    const big = facts({
      invoices: [
        {
          externalId: 'F1',
          issueDate: '2026-09-01',
          dueDate: '2026-10-01',
          amountMinor: 123_456,
          openAmountMinor: 123_456,
        },
      ],
    });
    expect((await renderMessage(compiled, big)).text).toBe(
      '€ 1.234,56 vóór 7 december 2026 (07-12-2026) € 1.234,50 https://pay.example/p/sample',
    );
    expect((await renderMessage(compiled, { ...big, debtorLanguage: 'de' })).text).toBe(
      '1.234,56 € bis 7. Dezember 2026 (07.12.2026) https://pay.example/p/sample',
    );
    const polish = await renderMessage(compiled, { ...big, debtorLanguage: 'pl' });
    expect(polish).toMatchObject({
      language: 'en',
      text: '€1,234.56 by 7 December 2026 (07/12/2026) https://pay.example/p/sample',
    });
  });

  it('greets in the brand’s tone and prints missing values as nothing', async () => {
    const content: TemplateContent = {
      channel: 'voice',
      fallbackLanguage: 'nl',
      variants: [
        {
          language: 'nl',
          script: '{{ debtor.salutation }}. {{ debtor | salutation: "formal" }}. [{{ debtor.address.line2 }}]',
          ttsLocale: 'nl-NL',
          voice: 'female',
        },
        { language: 'de', script: '{{ debtor.salutation }}.', ttsLocale: 'de-DE', voice: 'male' },
      ],
    };
    const compiled = await compileTemplate(content);
    expect((await renderMessage(compiled, facts())).text).toBe('Beste Sanne. Geachte Sanne de Vries. []');
    expect((await renderMessage(compiled, facts({}, 'de'))).text).toBe('Guten Tag Sanne de Vries.');
  });

  it('draws the invoice table and pay button from the case and the brand', async () => {
    const compiled = await compileTemplate(
      email(mjml('Hallo').replace('<mj-raw>', '<mj-raw>{% invoice_table %}</mj-raw><mj-raw>')),
    );
    const message = await renderMessage(compiled, facts());
    expect(message.html).toContain('F-2026-0815');
    expect(message.html).toContain('€\u00a0245,50');
    expect(message.html).toContain('href="https://pay.example/p/sample"');
    expect(message.html).toContain('background:#0a7c5a');
    expect(message.text).toMatch(/Totaal te betalen\s+€\s245,50/);
    // The preheader reaches the HTML; the brand font became the default of every text.
    expect(message.html).toContain('Nog €\u00a0245,50 open');
    expect(message.html).toContain('font-family:Arial, sans-serif');
  });

  it('puts letters on the A4 page with the address in the window and a GiroCode', async () => {
    const compiled = await compileTemplate({
      channel: 'letter',
      fallbackLanguage: 'nl',
      variants: [
        {
          language: 'nl',
          subject: 'Betalingsherinnering {{ case.reference }}',
          body: '<p>{{ debtor.salutation }},</p>{% payment_qr %}{% pay_button %}',
          css: '',
        },
      ],
    });
    const letter = await renderMessage(compiled, facts());
    // On paper the pay button is the paylink as a QR code, with the address to type.
    expect(letter.html).toContain('aria-label="Nu betalen"');
    expect(letter.html).toContain('Scan om online te betalen, ook in termijnen</strong><br>https://');
    expect(letter.html).not.toContain('<a href=');
    expect(letter.subject).toBe('Betalingsherinnering CF-7C2A9F10');
    expect(letter.html).toContain(
      '<div class="cf-address">Sanne de Vries<br>Keizersgracht 12<br>1015 CJ Amsterdam<br>NL</div>',
    );
    expect(letter.html).toContain('top: 45mm; left: 20mm; width: 85mm; height: 45mm');
    expect(letter.html).toContain('aria-label="GiroCode"');
    expect(letter.html).toContain('IBAN: NL91 ABNA 0417 1643 00');
  });
});
