/**
 * The dunning staples a template inserts as one block, written `{% invoice_table %}`: the
 * renderer draws them from the case and the brand kit, so a brand change restyles every
 * template and a marketer cannot break the amount table by accident.
 */

export const dunningBlockNames = [
  'invoice_table',
  'pay_button',
  'payment_qr',
  'installment_offer',
  'legal_footer',
] as const;
export type DunningBlockName = (typeof dunningBlockNames)[number];

export interface DunningBlock {
  name: DunningBlockName;
  label: string;
  description: string;
}

export const dunningBlocks: Record<DunningBlockName, DunningBlock> = {
  invoice_table: {
    name: 'invoice_table',
    label: 'Open invoices',
    description: 'A table of the open invoices with due dates, costs, interest and the total due.',
  },
  pay_button: {
    name: 'pay_button',
    label: 'Pay button',
    description: 'A button in the brand colour that opens the debtor’s paylink.',
  },
  payment_qr: {
    name: 'payment_qr',
    label: 'Payment QR code',
    description: 'A SEPA (GiroCode) QR code for the banking app, with the bank details beside it.',
  },
  installment_offer: {
    name: 'installment_offer',
    label: 'Installment offer',
    description: 'A short offer to pay in installments, linking to the paylink.',
  },
  legal_footer: {
    name: 'legal_footer',
    label: 'Legal footer',
    description: 'The brand’s legal footer: company details, registration, address.',
  },
};
