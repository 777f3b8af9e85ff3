/**
 * The greeting of a message, in the debtor's language and the brand's tone. Collectflow does not
 * store a debtor's gender, so formal greetings use the full name where a language allows it
 * ("Geachte Sanne de Vries", "Guten Tag Jonas Becker") and the neutral form for companies.
 */
import type { Language, Tone } from '@collectflow/shared';

export interface SalutationSubject {
  kind: 'person' | 'company';
  firstName: string | null;
  lastName: string | null;
}

type Greetings = {
  formal: (name: string) => string;
  informal: (first: string) => string;
  company: string;
  nobody: string;
};

const greetings: Record<Language, Greetings> = {
  nl: {
    formal: (n) => `Geachte ${n}`,
    informal: (f) => `Beste ${f}`,
    company: 'Geachte heer, mevrouw',
    nobody: 'Geachte klant',
  },
  de: {
    formal: (n) => `Guten Tag ${n}`,
    informal: (f) => `Hallo ${f}`,
    company: 'Sehr geehrte Damen und Herren',
    nobody: 'Sehr geehrte Kundin, sehr geehrter Kunde',
  },
  en: { formal: (n) => `Dear ${n}`, informal: (f) => `Hi ${f}`, company: 'Dear Sir or Madam', nobody: 'Dear customer' },
  fr: {
    formal: (n) => `Bonjour ${n}`,
    informal: (f) => `Bonjour ${f}`,
    company: 'Madame, Monsieur',
    nobody: 'Chère cliente, cher client',
  },
  es: {
    formal: (n) => `Estimado/a ${n}`,
    informal: (f) => `Hola ${f}`,
    company: 'Estimados señores',
    nobody: 'Estimado/a cliente',
  },
  it: {
    formal: (n) => `Gentile ${n}`,
    informal: (f) => `Ciao ${f}`,
    company: 'Spettabile ditta',
    nobody: 'Gentile cliente',
  },
  pl: {
    formal: (n) => `Szanowna Pani / Szanowny Panie ${n}`,
    informal: (f) => `Cześć ${f}`,
    company: 'Szanowni Państwo',
    nobody: 'Szanowni Państwo',
  },
  tr: {
    formal: (n) => `Sayın ${n}`,
    informal: (f) => `Merhaba ${f}`,
    company: 'Sayın Yetkili',
    nobody: 'Sayın Müşterimiz',
  },
};

export function salutation(subject: SalutationSubject, language: Language, tone: Tone): string {
  const words = greetings[language];
  if (subject.kind === 'company') return words.company;
  const fullName = [subject.firstName, subject.lastName].filter(Boolean).join(' ');
  if (!fullName) return words.nobody;
  if (tone === 'informal' && subject.firstName) return words.informal(subject.firstName);
  return words.formal(fullName);
}
