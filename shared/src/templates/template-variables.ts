/**
 * The documented merge-tag catalog: every variable a template may use, as `{{ debtor.first_name }}`.
 * The renderer fills exactly these; a template using anything else is refused at save time.
 */

export type TemplateVariableType = 'text' | 'money' | 'date' | 'number' | 'url' | 'list';

export interface TemplateVariable {
  /** Dotted path as written in a template, e.g. `debtor.first_name`. */
  path: string;
  type: TemplateVariableType;
  /** What it holds, in words a marketer understands. */
  description: string;
  /** Shown in pickers and used by the sample preview. */
  example: string;
  /** Group in the picker. */
  group: 'Debtor' | 'Case' | 'Invoices' | 'Payment' | 'Brand' | 'Dates';
}

const v = (
  group: TemplateVariable['group'],
  path: string,
  type: TemplateVariableType,
  description: string,
  example: string,
): TemplateVariable => ({ group, path, type, description, example });

export const templateVariables: readonly TemplateVariable[] = [
  v('Debtor', 'debtor.salutation', 'text', 'Greeting in the brand’s tone and the debtor’s language', 'Beste Sanne'),
  v('Debtor', 'debtor.name', 'text', 'Full name, or the company name for companies', 'Sanne de Vries'),
  v('Debtor', 'debtor.first_name', 'text', 'First name (empty for companies)', 'Sanne'),
  v('Debtor', 'debtor.last_name', 'text', 'Last name (empty for companies)', 'de Vries'),
  v('Debtor', 'debtor.company_name', 'text', 'Company name (empty for people)', 'Bakkerij Jansen B.V.'),
  v('Debtor', 'debtor.customer_number', 'text', 'Customer number from the ERP', 'K-100234'),
  v('Debtor', 'debtor.email', 'text', 'E-mail address', 'sanne@example.nl'),
  v('Debtor', 'debtor.phone', 'text', 'Phone number', '+31612345678'),
  v('Debtor', 'debtor.address.line1', 'text', 'Street and number', 'Keizersgracht 12'),
  v('Debtor', 'debtor.address.line2', 'text', 'Second address line', ''),
  v('Debtor', 'debtor.address.postal_code', 'text', 'Postal code', '1015 CJ'),
  v('Debtor', 'debtor.address.city', 'text', 'City', 'Amsterdam'),
  v('Debtor', 'debtor.address.country', 'text', 'Country code', 'NL'),
  v('Case', 'case.reference', 'text', 'Case reference to quote when paying', 'CF-7K2M9Q'),
  v('Case', 'case.days_overdue', 'number', 'Days since the oldest open invoice fell due', '21'),
  v('Case', 'case.invoice_count', 'number', 'Number of open invoices', '2'),
  v(
    'Invoices',
    'invoices',
    'list',
    'The open invoices (for a loop; the “Open invoices” block shows them as a table)',
    '',
  ),
  v('Invoices', 'invoice.number', 'text', 'Invoice number (inside a loop over invoices)', 'F-2026-0815'),
  v('Invoices', 'invoice.issue_date', 'date', 'Invoice date (inside a loop)', '2026-10-01'),
  v('Invoices', 'invoice.due_date', 'date', 'Due date (inside a loop)', '2026-10-15'),
  v('Invoices', 'invoice.amount', 'money', 'Invoice amount (inside a loop)', '€ 120,00'),
  v('Invoices', 'invoice.open_amount', 'money', 'Amount still open (inside a loop)', '€ 120,00'),
  v('Payment', 'totals.open', 'money', 'Total still open over all invoices', '€ 245,50'),
  v('Payment', 'totals.costs', 'money', 'Collection costs charged', '€ 40,00'),
  v('Payment', 'totals.interest', 'money', 'Interest charged', '€ 0,00'),
  v('Payment', 'totals.due', 'money', 'Total to pay now (open + costs + interest)', '€ 285,50'),
  v('Payment', 'installment.number', 'number', 'Which installment is next (empty without a plan)', '2'),
  v('Payment', 'installment.count', 'number', 'How many installments the plan has', '3'),
  v('Payment', 'installment.amount', 'money', 'What is due of the next installment', '€ 40,00'),
  v('Payment', 'installment.due_date', 'date', 'When the next installment is due', '2026-12-30'),
  v('Payment', 'paylink.url', 'url', 'The debtor’s personal payment link', 'https://pay.example/p/…'),
  v('Payment', 'payment.iban', 'text', 'IBAN to transfer to', 'NL91 ABNA 0417 1643 00'),
  v('Payment', 'payment.bic', 'text', 'BIC of that account', 'ABNANL2A'),
  v('Payment', 'payment.creditor_name', 'text', 'Account holder', 'Demo Energie B.V.'),
  v('Brand', 'brand.name', 'text', 'Brand name', 'Demo Energie'),
  v('Brand', 'brand.logo_url', 'url', 'Logo address', 'https://…/logo.png'),
  v('Brand', 'brand.sender_name', 'text', 'Sender name of this channel', 'Demo Energie Klantenservice'),
  v('Brand', 'brand.sender_address', 'text', 'Sender address of this channel', 'service@demo-energie.example'),
  v('Brand', 'brand.legal_footer', 'text', 'Legal footer (company details)', 'Demo Energie B.V. · KvK 12345678'),
  v('Brand', 'brand.colours.primary', 'text', 'Primary colour', '#0a7c5a'),
  v('Brand', 'brand.colours.accent', 'text', 'Accent colour', '#f2a900'),
  v('Brand', 'brand.colours.text', 'text', 'Text colour', '#1d2a26'),
  v('Brand', 'brand.colours.background', 'text', 'Background colour', '#ffffff'),
  v('Brand', 'brand.fonts.heading', 'text', 'Heading font', 'Georgia, serif'),
  v('Brand', 'brand.fonts.body', 'text', 'Body font', 'Arial, sans-serif'),
  v('Dates', 'dates.today', 'date', 'The day the message is sent', '2026-11-23'),
  v('Dates', 'dates.pay_by', 'date', 'Pay-by date: 14 days after the message', '2026-12-07'),
];

/** Paths that may be used at the top level of a template (everything but loop-only `invoice.*`). */
export const templateVariablePaths: ReadonlySet<string> = new Set(templateVariables.map((variable) => variable.path));

/** Objects whose members are variables (`debtor`, `debtor.address`, …): using one whole is allowed too. */
export const templateVariableObjects: ReadonlySet<string> = new Set(
  templateVariables.flatMap((variable) => {
    const parts = variable.path.split('.');
    return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('.'));
  }),
);
