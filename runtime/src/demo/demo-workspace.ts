/** The demo workspace that `npm start` creates on first run, and how to sign in to it. */
import type { Brand, Role } from '@collectflow/shared';

export const demoWorkspaceName = 'Demo Energie';
export const demoPassword = 'collectflow-demo';
export const demoAdminEmail = 'admin@demo-energie.example';

/** One member per role, so that each role can be tried. All share {@link demoPassword}. */
export const demoMembers: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: demoAdminEmail, name: 'Anne de Vries', role: 'admin' },
  { email: 'designer@demo-energie.example', name: 'Daan Jansen', role: 'designer' },
  { email: 'marketing@demo-energie.example', name: 'Mila Bakker', role: 'marketing' },
  { email: 'agent@demo-energie.example', name: 'Lukas Schneider', role: 'agent' },
  { email: 'viewer@demo-energie.example', name: 'Sophie Visser', role: 'viewer' },
];

export const demoBrand: Omit<Brand, 'id'> = {
  name: 'Demo Energie',
  logoUrl: null,
  colours: { primary: '#0b6e4f', accent: '#f2a541', text: '#1f2933', background: '#ffffff' },
  fonts: { heading: 'Inter, Arial, sans-serif', body: 'Inter, Arial, sans-serif' },
  senderIdentities: [
    { channel: 'email', name: 'Demo Energie Klantenservice', address: 'incasso@demo-energie.example' },
    { channel: 'sms', name: 'DemoEnergie', address: 'DemoEnergie' },
    { channel: 'voice', name: 'Demo Energie', address: '+31201234567' },
    { channel: 'letter', name: 'Demo Energie B.V.', address: 'Postbus 1234, 1000 AB Amsterdam' },
  ],
  legalFooter:
    'Demo Energie B.V. · Postbus 1234, 1000 AB Amsterdam · KvK 12345678 · IBAN NL91 ABNA 0417 1643 00 · BIC ABNANL2A',
  payment: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', creditorName: 'Demo Energie B.V.' },
  // Dutch energy suppliers write to households informally; German and English stay formal.
  tone: { nl: 'informal', de: 'formal', en: 'formal' },
  // Debtors may promise up to 30 days ahead, or pay € 40 or more in up to 6 monthly installments of at least € 15.
  selfService: {
    promiseMaxDays: 30,
    installments: {
      minInstallmentMinor: 1_500,
      maxMonths: 6,
      minTotalMinor: 4_000,
      missedFlowId: null,
      // An SMS three days before each installment (seedDemo points it at the demo's SMS connector).
      reminder: { template: 'installment-reminder', connector: 'sandbox', daysBefore: 3 },
    },
  },
};
