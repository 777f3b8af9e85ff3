/**
 * The demo's branded templates, in Dutch, German and English: a friendly and a formal e-mail
 * reminder, an SMS, a phone call, a payment reminder letter, the Dutch 14-day letter
 * ("veertien-dagenbrief", required before collection costs may be charged) and a final notice.
 * Their keys are the ones the example flows use.
 */
import { type CreateTemplateInput, type Language, reminderEmailMjml, type TemplateContent } from '@collectflow/shared';

type Words = Record<'nl' | 'de' | 'en', string>;

interface EmailWords {
  subject: Words;
  preheader: Words;
  intro: Words;
  after: Words;
  closing: Words;
  installment: boolean;
}

const languages = ['nl', 'de', 'en'] as const satisfies readonly Language[];

function email(words: EmailWords): TemplateContent {
  return {
    channel: 'email',
    fallbackLanguage: 'en',
    variants: languages.map((language) => ({
      language,
      subjects: [words.subject[language]],
      preheader: words.preheader[language],
      body: reminderEmailMjml({
        intro: words.intro[language],
        after: words.after[language],
        closing: words.closing[language],
        installment: words.installment,
      }),
    })),
  };
}

function letter(subject: Words, paragraphs: Words[], closing: Words): TemplateContent {
  return {
    channel: 'letter',
    fallbackLanguage: 'en',
    variants: languages.map((language) => ({
      language,
      subject: subject[language],
      body: [
        '<p>{{ debtor.salutation }},</p>',
        `<p>${paragraphs[0]![language]}</p>`,
        '<div data-cf-block="invoice_table">{% invoice_table %}</div>',
        ...paragraphs.slice(1).map((paragraph) => `<p>${paragraph[language]}</p>`),
        '<div data-cf-block="payment_qr">{% payment_qr %}</div>',
        '<div data-cf-block="pay_button">{% pay_button %}</div>',
        `<p>${closing[language]}<br>{{ brand.sender_name }}</p>`,
      ].join('\n'),
      css: '',
    })),
  };
}

const kindRegards: Words = { nl: 'Met vriendelijke groet,', de: 'Mit freundlichen Grüßen', en: 'Kind regards,' };

export const exampleTemplates: Omit<CreateTemplateInput, 'brandId'>[] = [
  {
    key: 'reminder-friendly',
    name: 'Friendly reminder (e-mail)',
    content: email({
      subject: {
        nl: 'Even een herinnering: {{ totals.due }} staat nog open',
        de: 'Kleine Erinnerung: {{ totals.due }} sind noch offen',
        en: 'A quick reminder: {{ totals.due }} is still open',
      },
      preheader: {
        nl: 'Betaal in één tik met de betaallink.',
        de: 'Mit einem Klick bezahlen.',
        en: 'Pay in one tap with your payment link.',
      },
      intro: {
        nl: 'Misschien is het u ontschoten: de onderstaande factuur staat nog open. Geen zorgen, dat kan gebeuren.',
        de: 'Vielleicht ist es Ihnen entgangen: Die folgende Rechnung ist noch offen. Das kann passieren.',
        en: 'It may have slipped your mind: the invoice below is still open. No worries, it happens.',
      },
      after: {
        nl: 'Betaal vóór {{ dates.pay_by }} met de knop hierboven, in uw eigen bank-app. Al betaald? Dan kunt u dit bericht negeren.',
        de: 'Bitte zahlen Sie bis zum {{ dates.pay_by }} über den Button oben, direkt in Ihrer Banking-App. Schon bezahlt? Dann betrachten Sie diese Nachricht als gegenstandslos.',
        en: 'Please pay by {{ dates.pay_by }} with the button above, in your own banking app. Already paid? Then please ignore this message.',
      },
      closing: kindRegards,
      installment: false,
    }),
  },
  {
    key: 'reminder-formal',
    name: 'Formal reminder (e-mail)',
    content: email({
      subject: {
        nl: 'Tweede herinnering: betaling van {{ totals.due }}',
        de: 'Zahlungserinnerung: {{ totals.due }} sind überfällig',
        en: 'Second reminder: payment of {{ totals.due }} is overdue',
      },
      preheader: {
        nl: 'Uw betaling is {{ case.days_overdue }} dagen te laat.',
        de: 'Ihre Zahlung ist seit {{ case.days_overdue }} Tagen überfällig.',
        en: 'Your payment is {{ case.days_overdue }} days overdue.',
      },
      intro: {
        nl: 'Ondanks onze eerdere herinnering hebben wij uw betaling nog niet ontvangen. Het openstaande bedrag is inmiddels {{ case.days_overdue }} dagen te laat.',
        de: 'Trotz unserer Erinnerung haben wir Ihre Zahlung noch nicht erhalten. Der offene Betrag ist seit {{ case.days_overdue }} Tagen überfällig.',
        en: 'Despite our earlier reminder we have not yet received your payment. The amount is now {{ case.days_overdue }} days overdue.',
      },
      after: {
        nl: 'Wij verzoeken u het bedrag uiterlijk {{ dates.pay_by }} te voldoen. Zo voorkomt u verdere stappen en extra kosten.',
        de: 'Bitte begleichen Sie den Betrag bis spätestens {{ dates.pay_by }}. So vermeiden Sie weitere Schritte und zusätzliche Kosten.',
        en: 'Please settle the amount by {{ dates.pay_by }} at the latest, to avoid further steps and additional costs.',
      },
      closing: kindRegards,
      installment: true,
    }),
  },
  {
    key: 'sms-reminder',
    name: 'Payment reminder (SMS)',
    content: {
      channel: 'sms',
      fallbackLanguage: 'en',
      variants: [
        {
          language: 'nl',
          text: '{{ brand.name }}: er staat nog {{ totals.due }} open. Betaal eenvoudig via {{ paylink.url }}',
        },
        {
          language: 'de',
          text: '{{ brand.name }}: Es sind noch {{ totals.due }} offen. Bequem bezahlen: {{ paylink.url }}',
        },
        { language: 'en', text: '{{ brand.name }}: {{ totals.due }} is still open. Pay in one tap: {{ paylink.url }}' },
      ],
    },
  },
  {
    key: 'installment-reminder',
    name: 'Installment due soon (SMS)',
    content: {
      channel: 'sms',
      fallbackLanguage: 'en',
      variants: [
        {
          language: 'nl',
          text: '{{ brand.name }}: termijn {{ installment.number }} van {{ installment.count }} ({{ installment.amount }}) vervalt op {{ installment.due_date }}. Betalen: {{ paylink.url }}',
        },
        {
          language: 'de',
          text: '{{ brand.name }}: Rate {{ installment.number }} von {{ installment.count }} ({{ installment.amount }}) ist am {{ installment.due_date }} fällig. Bezahlen: {{ paylink.url }}',
        },
        {
          language: 'en',
          text: '{{ brand.name }}: installment {{ installment.number }} of {{ installment.count }} ({{ installment.amount }}) is due on {{ installment.due_date }}. Pay: {{ paylink.url }}',
        },
      ],
    },
  },
  {
    key: 'voice-reminder',
    name: 'Payment reminder (phone call)',
    content: {
      channel: 'voice',
      fallbackLanguage: 'en',
      variants: [
        {
          language: 'nl',
          ttsLocale: 'nl-NL',
          voice: 'female',
          script:
            '{{ debtor.salutation }}, u spreekt met {{ brand.name }}. Wij hebben uw betaling van {{ totals.due }} nog niet ontvangen. U ontvangt zo een sms met een betaallink. Alvast bedankt.',
        },
        {
          language: 'de',
          ttsLocale: 'de-DE',
          voice: 'female',
          script:
            '{{ debtor.salutation }}, hier ist {{ brand.name }}. Wir haben Ihre Zahlung über {{ totals.due }} noch nicht erhalten. Sie erhalten gleich eine SMS mit einem Zahlungslink. Vielen Dank.',
        },
        {
          language: 'en',
          ttsLocale: 'en-GB',
          voice: 'female',
          script:
            '{{ debtor.salutation }}, this is {{ brand.name }}. We have not yet received your payment of {{ totals.due }}. You will receive a text message with a payment link shortly. Thank you.',
        },
      ],
    },
  },
  {
    key: 'reminder-letter',
    name: 'Payment reminder (letter)',
    content: letter(
      { nl: 'Betalingsherinnering', de: 'Zahlungserinnerung', en: 'Payment reminder' },
      [
        {
          nl: 'Wij hebben de betaling van de onderstaande facturen nog niet ontvangen.',
          de: 'Für die folgenden Rechnungen konnten wir noch keinen Zahlungseingang feststellen.',
          en: 'We have not yet received payment for the invoices below.',
        },
        {
          nl: 'Wij verzoeken u het totaalbedrag vóór {{ dates.pay_by }} over te maken, of scan de QR-code met uw bank-app. Online betalen kan ook, met de tweede QR-code.',
          de: 'Bitte überweisen Sie den Gesamtbetrag bis zum {{ dates.pay_by }} oder scannen Sie den QR-Code mit Ihrer Banking-App. Online bezahlen geht mit dem zweiten QR-Code.',
          en: 'Please transfer the total by {{ dates.pay_by }}, or scan the QR code with your banking app. To pay online, scan the second QR code.',
        },
      ],
      kindRegards,
    ),
  },
  {
    key: 'veertien-dagenbrief',
    name: 'Dutch 14-day letter (veertien-dagenbrief)',
    content: letter(
      {
        nl: 'Laatste herinnering (veertiendagenbrief)',
        de: 'Letzte Erinnerung vor Inkassokosten',
        en: 'Final reminder before collection costs',
      },
      [
        {
          nl: 'Ondanks eerdere herinneringen staat het onderstaande bedrag nog open.',
          de: 'Trotz früherer Erinnerungen ist der folgende Betrag noch offen.',
          en: 'Despite earlier reminders, the amount below is still open.',
        },
        {
          nl: 'U krijgt de gelegenheid om het totaalbedrag binnen veertien dagen na de dag van ontvangst van deze brief te betalen, zonder bijkomende kosten. Betaalt u niet binnen deze termijn, dan dragen wij de vordering over en bent u incassokosten verschuldigd volgens het Besluit vergoeding voor buitengerechtelijke incassokosten, ten minste € 40,00.',
          de: 'Sie haben die Möglichkeit, den Gesamtbetrag innerhalb von vierzehn Tagen nach dem Tag des Eingangs dieses Schreibens ohne weitere Kosten zu zahlen. Zahlen Sie nicht innerhalb dieser Frist, fallen nach niederländischem Recht außergerichtliche Inkassokosten von mindestens 40,00 € an.',
          en: 'You may pay the total within fourteen days of the day after you receive this letter, without any further costs. If you do not pay within this period, extrajudicial collection costs under Dutch law will be charged, at least € 40.00.',
        },
      ],
      kindRegards,
    ),
  },
  {
    key: 'final-notice',
    name: 'Final notice (letter)',
    content: letter(
      { nl: 'Laatste aanmaning', de: 'Letzte Mahnung', en: 'Final notice' },
      [
        {
          nl: 'Wij hebben u meerdere keren gevraagd de onderstaande facturen te betalen. Tot op heden hebben wij geen betaling ontvangen.',
          de: 'Wir haben Sie mehrfach gebeten, die folgenden Rechnungen zu begleichen. Bis heute ist keine Zahlung eingegangen.',
          en: 'We have asked you several times to pay the invoices below. To date we have received no payment.',
        },
        {
          nl: 'Als het totaalbedrag niet uiterlijk {{ dates.pay_by }} is bijgeschreven, dragen wij de vordering zonder verdere aankondiging over aan een incassobureau. Kunt u niet in één keer betalen? Neem dan vandaag contact op of kies een betalingsregeling via {{ paylink.url }}',
          de: 'Sollte der Gesamtbetrag nicht bis zum {{ dates.pay_by }} eingehen, übergeben wir die Forderung ohne weitere Ankündigung an ein Inkassounternehmen. Sie können nicht auf einmal zahlen? Vereinbaren Sie eine Ratenzahlung: {{ paylink.url }}',
          en: 'If the total has not reached us by {{ dates.pay_by }}, we will pass the claim to a collection agency without further notice. Cannot pay all at once? Set up a payment plan today: {{ paylink.url }}',
        },
      ],
      kindRegards,
    ),
  },
];
