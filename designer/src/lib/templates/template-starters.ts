/** What a new template starts with, per channel: a working reminder to adapt, never a blank page. */
import {
  type Channel,
  type Language,
  reminderEmailMjml,
  type TemplateContent,
  ttsLocaleFor,
} from '@collectflow/shared';

const emailBody = reminderEmailMjml({
  intro: 'The invoices below are still open. Please pay by {{ dates.pay_by }}.',
  after: 'Already paid? Then please ignore this message.',
  closing: 'Kind regards,',
  installment: false,
});

const letterBody = [
  '<p>{{ debtor.salutation }},</p>',
  '<p>The invoices below are still open. Please pay the total by {{ dates.pay_by }}.</p>',
  '<div data-cf-block="invoice_table">{% invoice_table %}</div>',
  '<div data-cf-block="payment_qr">{% payment_qr %}</div>',
  '<p>Kind regards,<br>{{ brand.sender_name }}</p>',
].join('\n');

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
            ttsLocale: ttsLocaleFor(language),
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
