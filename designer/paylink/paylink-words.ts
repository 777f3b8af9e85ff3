/** The paylink page's words in the languages debtors read it in; English for the others. */
export const paylinkLanguages = ['nl', 'de', 'en', 'fr'] as const;
export type PaylinkLanguage = (typeof paylinkLanguages)[number];

export interface PaylinkWords {
  languageName: string;
  title: string;
  loading: string;
  openAmount: string;
  invoice: string;
  due: string;
  amount: string;
  costs: string;
  interest: string;
  total: string;
  transferTitle: string;
  scan: string;
  recipient: string;
  reference: string;
  referenceHint: string;
  settledTitle: string;
  settledText: string;
  unknownTitle: string;
  unknownText: string;
  failedText: string;
  language: string;
  promiseTitle: string;
  promiseText: string;
  promiseDate: string;
  promiseButton: string;
  promiseSending: string;
  /** `{date}` is replaced. */
  promised: string;
  /** `{amount}` is replaced. */
  payButton: string;
  /** `{provider}` is replaced. */
  payVia: string;
  payOpening: string;
  thanksTitle: string;
  thanksText: string;
  pendingTitle: string;
  pendingText: string;
  notPaidTitle: string;
  notPaidText: string;
  planTitle: string;
  /** `{date}` is replaced. */
  planText: string;
  /** `{count}` and `{amount}` are replaced. */
  planOption: string;
  /** `{amount}` is replaced. */
  planOptionLast: string;
  planButton: string;
  planSending: string;
  planActiveTitle: string;
  planActiveText: string;
  /** `{seq}` is replaced. */
  installment: string;
  installmentStatus: Record<'open' | 'paid' | 'missed', string>;
  /** `{seq}` and `{amount}` are replaced. */
  payInstallment: string;
  /** `{seq}` is replaced: the link of an installment that is paid already. */
  installmentLinkPaid: string;
  /** Shown above the plan after an installment was paid online. */
  paidNotice: string;
  contactTitle: string;
  contactText: string;
  contactChannels: Record<'email' | 'sms' | 'letter', string>;
  contactNone: string;
  contactSaved: string;
  disputeTitle: string;
  disputeText: string;
  disputeKinds: Record<'already_paid' | 'amount_wrong' | 'not_mine' | 'other', string>;
  disputeMessage: string;
  disputeFile: string;
  disputeFileHint: string;
  disputeFileTooLarge: string;
  disputeButton: string;
  disputeSending: string;
  disputeReceivedTitle: string;
  disputeReceivedText: string;
}

export const paylinkWords: Record<PaylinkLanguage, PaylinkWords> = {
  en: {
    languageName: 'English',
    title: 'Your open invoices',
    loading: 'Loading…',
    openAmount: 'Open amount',
    invoice: 'Invoice',
    due: 'Due',
    amount: 'Amount',
    costs: 'Collection costs',
    interest: 'Interest',
    total: 'Total to pay',
    transferTitle: 'Pay by bank transfer',
    scan: 'Scan with your banking app: the amount and reference are filled in.',
    recipient: 'Recipient',
    reference: 'Reference',
    referenceHint: 'Please state the reference so that we can match your payment.',
    settledTitle: 'Nothing left to pay',
    settledText: 'This case is settled. Thank you.',
    unknownTitle: 'This link does not work',
    unknownText: 'Please open the payment link from your most recent message.',
    failedText: 'The page could not be loaded. Please check your connection and try again.',
    language: 'Language',
    promiseTitle: 'Need more time?',
    promiseText: 'Tell us the day you will pay. Until then we will not remind you.',
    promiseDate: 'I will pay by',
    promiseButton: 'Promise to pay',
    promiseSending: 'Sending…',
    promised: 'You promised to pay by {date}. Until then we will not remind you.',
    payButton: 'Pay {amount} now',
    payVia: 'Securely through {provider}, with your bank or card.',
    payOpening: 'Opening the payment page…',
    thanksTitle: 'Thank you for your payment',
    thanksText: 'We have received your payment. You will not get any more reminders for this.',
    pendingTitle: 'Your payment is being confirmed',
    pendingText: 'This usually takes a moment. You can close this page: once the payment arrives, the reminders stop.',
    notPaidTitle: 'The payment was not completed',
    notPaidText: 'Nothing was charged. You can try again or pay by bank transfer.',
    planTitle: 'Pay in installments',
    planText:
      'Spread the amount over monthly installments. The first is due on {date}; we will not remind you while you keep to it.',
    planOption: '{count} × {amount} a month',
    planOptionLast: 'last one {amount}',
    planButton: 'Choose this plan',
    planSending: 'Saving…',
    planActiveTitle: 'Your installment plan',
    planActiveText: 'Pay each installment by its date. If one is missed, the plan ends.',
    installment: 'Installment {seq}',
    installmentStatus: { open: 'Open', paid: 'Paid', missed: 'Missed' },
    payInstallment: 'Pay installment {seq}: {amount}',
    installmentLinkPaid: 'Installment {seq} is paid. Thank you.',
    paidNotice: 'Thank you: your payment was received.',
    contactTitle: 'How should we reach you?',
    contactText: 'Choose how you would like to hear from us about this.',
    contactChannels: { email: 'By e-mail', sms: 'By text message (SMS)', letter: 'By letter' },
    contactNone: 'No preference',
    contactSaved: 'Saved.',
    disputeTitle: 'Something not right?',
    disputeText:
      'Already paid, or do you disagree? Tell us and we will look into it. Until then we will not remind you.',
    disputeKinds: {
      already_paid: 'I have already paid',
      amount_wrong: 'The amount is not right',
      not_mine: 'This is not my debt',
      other: 'Something else',
    },
    disputeMessage: 'Your message',
    disputeFile: 'Attach a receipt or letter (optional)',
    disputeFileHint: 'PDF, JPEG or PNG, up to 5 MB.',
    disputeFileTooLarge: 'This file is larger than 5 MB; please choose a smaller one.',
    disputeButton: 'Send',
    disputeSending: 'Sending…',
    disputeReceivedTitle: 'We have your message',
    disputeReceivedText: 'We are looking into it and will get back to you. Until then you will not get reminders.',
  },
  nl: {
    languageName: 'Nederlands',
    title: 'Uw openstaande facturen',
    loading: 'Laden…',
    openAmount: 'Openstaand bedrag',
    invoice: 'Factuur',
    due: 'Vervaldatum',
    amount: 'Bedrag',
    costs: 'Incassokosten',
    interest: 'Rente',
    total: 'Totaal te betalen',
    transferTitle: 'Betalen per overschrijving',
    scan: 'Scan met uw bank-app: bedrag en kenmerk staan er al in.',
    recipient: 'Begunstigde',
    reference: 'Kenmerk',
    referenceHint: 'Vermeld het kenmerk, dan kunnen wij uw betaling verwerken.',
    settledTitle: 'Niets meer te betalen',
    settledText: 'Deze zaak is afgerond. Dank u wel.',
    unknownTitle: 'Deze link werkt niet',
    unknownText: 'Open de betaallink uit uw meest recente bericht.',
    failedText: 'De pagina kon niet worden geladen. Controleer uw verbinding en probeer het opnieuw.',
    language: 'Taal',
    promiseTitle: 'Meer tijd nodig?',
    promiseText: 'Laat ons weten op welke dag u betaalt. Tot dan sturen wij geen herinneringen.',
    promiseDate: 'Ik betaal uiterlijk op',
    promiseButton: 'Betaling toezeggen',
    promiseSending: 'Versturen…',
    promised: 'U heeft toegezegd te betalen vóór {date}. Tot dan sturen wij geen herinneringen.',
    payButton: 'Nu {amount} betalen',
    payVia: 'Veilig via {provider}, met uw bank of kaart.',
    payOpening: 'Betaalpagina wordt geopend…',
    thanksTitle: 'Bedankt voor uw betaling',
    thanksText: 'Wij hebben uw betaling ontvangen. U krijgt hiervoor geen herinneringen meer.',
    pendingTitle: 'Uw betaling wordt bevestigd',
    pendingText:
      'Dit duurt meestal even. U kunt deze pagina sluiten: zodra de betaling binnen is, stoppen de herinneringen.',
    notPaidTitle: 'De betaling is niet voltooid',
    notPaidText: 'Er is niets afgeschreven. Probeer het opnieuw of betaal per overschrijving.',
    planTitle: 'Betalen in termijnen',
    planText:
      'Verdeel het bedrag over maandelijkse termijnen. De eerste vervalt op {date}; zolang u zich eraan houdt, sturen wij geen herinneringen.',
    planOption: '{count} × {amount} per maand',
    planOptionLast: 'laatste {amount}',
    planButton: 'Kies deze regeling',
    planSending: 'Opslaan…',
    planActiveTitle: 'Uw betalingsregeling',
    planActiveText: 'Betaal elke termijn op tijd. Wordt er een gemist, dan vervalt de regeling.',
    installment: 'Termijn {seq}',
    installmentStatus: { open: 'Open', paid: 'Betaald', missed: 'Gemist' },
    payInstallment: 'Termijn {seq} betalen: {amount}',
    installmentLinkPaid: 'Termijn {seq} is betaald. Dank u wel.',
    paidNotice: 'Bedankt: uw betaling is ontvangen.',
    contactTitle: 'Hoe wilt u bericht van ons krijgen?',
    contactText: 'Kies hoe wij u hierover het liefst bereiken.',
    contactChannels: { email: 'Per e-mail', sms: 'Per sms', letter: 'Per brief' },
    contactNone: 'Geen voorkeur',
    contactSaved: 'Opgeslagen.',
    disputeTitle: 'Klopt er iets niet?',
    disputeText:
      'Al betaald, of bent u het er niet mee eens? Laat het ons weten, dan zoeken wij het uit. Tot dan sturen wij geen herinneringen.',
    disputeKinds: {
      already_paid: 'Ik heb al betaald',
      amount_wrong: 'Het bedrag klopt niet',
      not_mine: 'Dit is niet mijn schuld',
      other: 'Iets anders',
    },
    disputeMessage: 'Uw bericht',
    disputeFile: 'Voeg een betaalbewijs of brief toe (niet verplicht)',
    disputeFileHint: 'PDF, JPEG of PNG, tot 5 MB.',
    disputeFileTooLarge: 'Dit bestand is groter dan 5 MB; kies een kleiner bestand.',
    disputeButton: 'Versturen',
    disputeSending: 'Versturen…',
    disputeReceivedTitle: 'Wij hebben uw bericht',
    disputeReceivedText: 'Wij zoeken het uit en nemen contact met u op. Tot dan krijgt u geen herinneringen.',
  },
  de: {
    languageName: 'Deutsch',
    title: 'Ihre offenen Rechnungen',
    loading: 'Wird geladen…',
    openAmount: 'Offener Betrag',
    invoice: 'Rechnung',
    due: 'Fällig',
    amount: 'Betrag',
    costs: 'Inkassokosten',
    interest: 'Zinsen',
    total: 'Zu zahlen',
    transferTitle: 'Per Überweisung bezahlen',
    scan: 'Mit Ihrer Banking-App scannen: Betrag und Verwendungszweck sind ausgefüllt.',
    recipient: 'Empfänger',
    reference: 'Verwendungszweck',
    referenceHint: 'Bitte geben Sie den Verwendungszweck an, damit wir Ihre Zahlung zuordnen können.',
    settledTitle: 'Nichts mehr zu zahlen',
    settledText: 'Dieser Vorgang ist erledigt. Vielen Dank.',
    unknownTitle: 'Dieser Link funktioniert nicht',
    unknownText: 'Bitte öffnen Sie den Zahlungslink aus Ihrer neuesten Nachricht.',
    failedText: 'Die Seite konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    language: 'Sprache',
    promiseTitle: 'Brauchen Sie mehr Zeit?',
    promiseText: 'Sagen Sie uns, an welchem Tag Sie zahlen. Bis dahin erinnern wir Sie nicht.',
    promiseDate: 'Ich zahle bis zum',
    promiseButton: 'Zahlung zusagen',
    promiseSending: 'Wird gesendet…',
    promised: 'Sie haben zugesagt, bis zum {date} zu zahlen. Bis dahin erinnern wir Sie nicht.',
    payButton: 'Jetzt {amount} bezahlen',
    payVia: 'Sicher über {provider}, mit Ihrer Bank oder Karte.',
    payOpening: 'Die Zahlungsseite wird geöffnet…',
    thanksTitle: 'Vielen Dank für Ihre Zahlung',
    thanksText: 'Ihre Zahlung ist eingegangen. Sie erhalten dazu keine Erinnerungen mehr.',
    pendingTitle: 'Ihre Zahlung wird bestätigt',
    pendingText:
      'Das dauert meist nur einen Moment. Sie können diese Seite schließen: Sobald die Zahlung eingeht, enden die Erinnerungen.',
    notPaidTitle: 'Die Zahlung wurde nicht abgeschlossen',
    notPaidText: 'Es wurde nichts abgebucht. Versuchen Sie es erneut oder zahlen Sie per Überweisung.',
    planTitle: 'In Raten zahlen',
    planText:
      'Verteilen Sie den Betrag auf Monatsraten. Die erste ist am {date} fällig; solange Sie sich daran halten, erinnern wir Sie nicht.',
    planOption: '{count} × {amount} im Monat',
    planOptionLast: 'letzte {amount}',
    planButton: 'Diese Ratenzahlung wählen',
    planSending: 'Wird gespeichert…',
    planActiveTitle: 'Ihre Ratenzahlung',
    planActiveText: 'Zahlen Sie jede Rate bis zu ihrem Datum. Fällt eine aus, endet die Ratenzahlung.',
    installment: 'Rate {seq}',
    installmentStatus: { open: 'Offen', paid: 'Bezahlt', missed: 'Versäumt' },
    payInstallment: 'Rate {seq} bezahlen: {amount}',
    installmentLinkPaid: 'Rate {seq} ist bezahlt. Vielen Dank.',
    paidNotice: 'Vielen Dank: Ihre Zahlung ist eingegangen.',
    contactTitle: 'Wie sollen wir Sie erreichen?',
    contactText: 'Wählen Sie, wie Sie von uns dazu hören möchten.',
    contactChannels: { email: 'Per E-Mail', sms: 'Per SMS', letter: 'Per Brief' },
    contactNone: 'Keine Vorliebe',
    contactSaved: 'Gespeichert.',
    disputeTitle: 'Stimmt etwas nicht?',
    disputeText:
      'Schon bezahlt oder nicht einverstanden? Schreiben Sie uns, wir prüfen das. Bis dahin erinnern wir Sie nicht.',
    disputeKinds: {
      already_paid: 'Ich habe schon bezahlt',
      amount_wrong: 'Der Betrag stimmt nicht',
      not_mine: 'Das ist nicht meine Schuld',
      other: 'Etwas anderes',
    },
    disputeMessage: 'Ihre Nachricht',
    disputeFile: 'Beleg oder Brief anhängen (freiwillig)',
    disputeFileHint: 'PDF, JPEG oder PNG, bis 5 MB.',
    disputeFileTooLarge: 'Die Datei ist größer als 5 MB; bitte wählen Sie eine kleinere.',
    disputeButton: 'Senden',
    disputeSending: 'Wird gesendet…',
    disputeReceivedTitle: 'Wir haben Ihre Nachricht',
    disputeReceivedText: 'Wir prüfen das und melden uns bei Ihnen. Bis dahin erhalten Sie keine Erinnerungen.',
  },
  fr: {
    languageName: 'Français',
    title: 'Vos factures impayées',
    loading: 'Chargement…',
    openAmount: 'Montant dû',
    invoice: 'Facture',
    due: 'Échéance',
    amount: 'Montant',
    costs: 'Frais de recouvrement',
    interest: 'Intérêts',
    total: 'Total à payer',
    transferTitle: 'Payer par virement',
    scan: 'Scannez avec votre application bancaire : le montant et la référence sont remplis.',
    recipient: 'Bénéficiaire',
    reference: 'Référence',
    referenceHint: 'Indiquez la référence afin que nous puissions attribuer votre paiement.',
    settledTitle: 'Plus rien à payer',
    settledText: 'Ce dossier est réglé. Merci.',
    unknownTitle: 'Ce lien ne fonctionne pas',
    unknownText: 'Ouvrez le lien de paiement de votre message le plus récent.',
    failedText: 'La page n’a pas pu être chargée. Vérifiez votre connexion et réessayez.',
    language: 'Langue',
    promiseTitle: 'Besoin de plus de temps ?',
    promiseText: 'Indiquez-nous le jour où vous paierez. D’ici là, nous ne vous relancerons pas.',
    promiseDate: 'Je paierai au plus tard le',
    promiseButton: 'Promettre le paiement',
    promiseSending: 'Envoi…',
    promised: 'Vous avez promis de payer avant le {date}. D’ici là, nous ne vous relancerons pas.',
    payButton: 'Payer {amount} maintenant',
    payVia: 'En toute sécurité via {provider}, avec votre banque ou votre carte.',
    payOpening: 'Ouverture de la page de paiement…',
    thanksTitle: 'Merci pour votre paiement',
    thanksText: 'Nous avons bien reçu votre paiement. Vous ne recevrez plus de relances à ce sujet.',
    pendingTitle: 'Votre paiement est en cours de confirmation',
    pendingText:
      'Cela prend généralement un instant. Vous pouvez fermer cette page : dès réception du paiement, les relances s’arrêtent.',
    notPaidTitle: 'Le paiement n’a pas abouti',
    notPaidText: 'Rien n’a été débité. Réessayez ou payez par virement.',
    planTitle: 'Payer en plusieurs fois',
    planText:
      'Répartissez le montant en mensualités. La première est due le {date} ; tant que vous les respectez, nous ne vous relançons pas.',
    planOption: '{count} × {amount} par mois',
    planOptionLast: 'dernière {amount}',
    planButton: 'Choisir cet échéancier',
    planSending: 'Enregistrement…',
    planActiveTitle: 'Votre échéancier',
    planActiveText: 'Payez chaque mensualité à sa date. Si l’une manque, l’échéancier prend fin.',
    installment: 'Mensualité {seq}',
    installmentStatus: { open: 'À payer', paid: 'Payée', missed: 'Manquée' },
    payInstallment: 'Payer la mensualité {seq} : {amount}',
    installmentLinkPaid: 'La mensualité {seq} est payée. Merci.',
    paidNotice: 'Merci : votre paiement a bien été reçu.',
    contactTitle: 'Comment souhaitez-vous être contacté ?',
    contactText: 'Choisissez comment vous préférez avoir de nos nouvelles à ce sujet.',
    contactChannels: { email: 'Par e-mail', sms: 'Par SMS', letter: 'Par courrier' },
    contactNone: 'Pas de préférence',
    contactSaved: 'Enregistré.',
    disputeTitle: 'Un problème ?',
    disputeText:
      'Déjà payé, ou vous contestez ? Dites-le-nous, nous vérifierons. D’ici là, nous ne vous relancerons pas.',
    disputeKinds: {
      already_paid: 'J’ai déjà payé',
      amount_wrong: 'Le montant n’est pas correct',
      not_mine: 'Cette dette n’est pas la mienne',
      other: 'Autre chose',
    },
    disputeMessage: 'Votre message',
    disputeFile: 'Joindre un justificatif ou un courrier (facultatif)',
    disputeFileHint: 'PDF, JPEG ou PNG, jusqu’à 5 Mo.',
    disputeFileTooLarge: 'Ce fichier dépasse 5 Mo ; choisissez-en un plus petit.',
    disputeButton: 'Envoyer',
    disputeSending: 'Envoi…',
    disputeReceivedTitle: 'Nous avons votre message',
    disputeReceivedText: 'Nous vérifions et revenons vers vous. D’ici là, vous ne recevrez pas de relances.',
  },
};

export function paylinkLanguageOf(language: string | null | undefined): PaylinkLanguage {
  return (paylinkLanguages as readonly string[]).includes(language ?? '') ? (language as PaylinkLanguage) : 'en';
}

const locales: Record<PaylinkLanguage, string> = { nl: 'nl-NL', de: 'de-DE', en: 'en-GB', fr: 'fr-FR' };

/** An amount in minor units as people read it, in the page's language. */
export function formatAmount(minor: number, currency: string, language: PaylinkLanguage): string {
  const format = new Intl.NumberFormat(locales[language], { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

export function formatDate(isoDate: string, language: PaylinkLanguage): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T12:00:00Z`),
  );
}

/** An IBAN in groups of four, as printed on statements. */
export const groupedIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');
