/** What a new template starts with, per channel: a working reminder to adapt, never a blank page. */
import type { Channel, Language, TemplateContent } from '@collectflow/shared';

const emailBody = `<mjml>
  <mj-body width="600px">
    <mj-section padding="24px 0 8px 0">
      <mj-column>
        <mj-text font-size="22px" font-weight="bold" color="{{ brand.colours.primary }}">{{ brand.name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="8px 0">
      <mj-column>
        <mj-text>{{ debtor.salutation }},</mj-text>
        <mj-text>The invoices below are still open. Please pay by {{ dates.pay_by }}.</mj-text>
        <mj-raw>{% invoice_table %}</mj-raw>
        <mj-raw>{% pay_button %}</mj-raw>
        <mj-text>Kind regards,<br />{{ brand.sender_name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0">
      <mj-column>
        <mj-raw>{% legal_footer %}</mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

const letterBody = [
  '<p>{{ debtor.salutation }},</p>',
  '<p>The invoices below are still open. Please pay the total by {{ dates.pay_by }}.</p>',
  '<div data-cf-block="invoice_table">{% invoice_table %}</div>',
  '<div data-cf-block="payment_qr">{% payment_qr %}</div>',
  '<p>Kind regards,<br>{{ brand.sender_name }}</p>',
].join('\n');

const ttsLocaleOf: Record<Language, string> = {
  nl: 'nl-NL',
  de: 'de-DE',
  en: 'en-GB',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  pl: 'pl-PL',
  tr: 'tr-TR',
};

export function starterContent(channel: Channel, language: Language): TemplateContent {
  switch (channel) {
    case 'email':
      return {
        channel,
        fallbackLanguage: language,
        variants: [
          { language, subjects: ['Reminder: {{ totals.due }} is still open'], preheader: '', body: emailBody },
        ],
      };
    case 'letter':
      return {
        channel,
        fallbackLanguage: language,
        variants: [{ language, subject: 'Payment reminder', body: letterBody, css: '' }],
      };
    case 'sms':
      return {
        channel,
        fallbackLanguage: language,
        variants: [{ language, text: '{{ brand.name }}: {{ totals.due }} is still open. Pay here: {{ paylink.url }}' }],
      };
    case 'voice':
      return {
        channel,
        fallbackLanguage: language,
        variants: [
          {
            language,
            script:
              '{{ debtor.salutation }}, this is {{ brand.name }}. Your payment of {{ totals.due }} is still open.',
            ttsLocale: ttsLocaleOf[language] as never,
            voice: 'female',
          },
        ],
      };
  }
}

/** A template key from a name: `Friendly reminder (e-mail)` → `friendly-reminder-e-mail`. */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
