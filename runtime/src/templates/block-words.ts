/** The fixed words inside the dunning blocks, per language (English for the others). */
import type { Language } from '@collectflow/shared';

export interface BlockWords {
  invoice: string;
  invoiceDate: string;
  dueDate: string;
  open: string;
  costs: string;
  interest: string;
  totalDue: string;
  payNow: string;
  transfer: string;
  recipient: string;
  reference: string;
  amount: string;
  scanToPay: string;
  /** Under the paylink's QR code on letters. */
  scanToPayOnline: string;
  installmentTitle: string;
  installmentText: string;
  installmentLink: string;
}

const en: BlockWords = {
  invoice: 'Invoice',
  invoiceDate: 'Date',
  dueDate: 'Due',
  open: 'Open',
  costs: 'Collection costs',
  interest: 'Interest',
  totalDue: 'Total due',
  payNow: 'Pay now',
  transfer: 'Or transfer the amount to',
  recipient: 'Recipient',
  reference: 'Reference',
  amount: 'Amount',
  scanToPay: 'Scan with your banking app to pay',
  scanToPayOnline: 'Scan to pay online, in installments too',
  installmentTitle: 'Cannot pay everything at once?',
  installmentText: 'Choose a payment plan in monthly installments that suits you.',
  installmentLink: 'Set up a payment plan',
};

const words: Partial<Record<Language, BlockWords>> = {
  en,
  nl: {
    invoice: 'Factuur',
    invoiceDate: 'Datum',
    dueDate: 'Vervaldatum',
    open: 'Openstaand',
    costs: 'Incassokosten',
    interest: 'Rente',
    totalDue: 'Totaal te betalen',
    payNow: 'Nu betalen',
    transfer: 'Of maak het bedrag over naar',
    recipient: 'Ontvanger',
    reference: 'Kenmerk',
    amount: 'Bedrag',
    scanToPay: 'Scan met uw bank-app om te betalen',
    scanToPayOnline: 'Scan om online te betalen, ook in termijnen',
    installmentTitle: 'Kunt u niet alles in één keer betalen?',
    installmentText: 'Kies een betalingsregeling in maandelijkse termijnen die bij u past.',
    installmentLink: 'Betalingsregeling treffen',
  },
  de: {
    invoice: 'Rechnung',
    invoiceDate: 'Datum',
    dueDate: 'Fällig',
    open: 'Offen',
    costs: 'Mahnkosten',
    interest: 'Verzugszinsen',
    totalDue: 'Zu zahlen',
    payNow: 'Jetzt bezahlen',
    transfer: 'Oder überweisen Sie den Betrag an',
    recipient: 'Empfänger',
    reference: 'Verwendungszweck',
    amount: 'Betrag',
    scanToPay: 'Mit Ihrer Banking-App scannen und bezahlen',
    scanToPayOnline: 'Scannen und online bezahlen, auch in Raten',
    installmentTitle: 'Sie können nicht alles auf einmal zahlen?',
    installmentText: 'Wählen Sie eine Ratenzahlung in monatlichen Raten, die zu Ihnen passt.',
    installmentLink: 'Ratenzahlung vereinbaren',
  },
  fr: {
    invoice: 'Facture',
    invoiceDate: 'Date',
    dueDate: 'Échéance',
    open: 'Restant dû',
    costs: 'Frais de recouvrement',
    interest: 'Intérêts',
    totalDue: 'Total à payer',
    payNow: 'Payer maintenant',
    transfer: 'Ou virez le montant à',
    recipient: 'Bénéficiaire',
    reference: 'Référence',
    amount: 'Montant',
    scanToPay: 'Scannez avec votre application bancaire pour payer',
    scanToPayOnline: 'Scannez pour payer en ligne, aussi en plusieurs fois',
    installmentTitle: 'Vous ne pouvez pas tout payer en une fois ?',
    installmentText: 'Choisissez un échéancier mensuel qui vous convient.',
    installmentLink: 'Demander un échéancier',
  },
};

export function blockWords(language: Language): BlockWords {
  return words[language] ?? en;
}
