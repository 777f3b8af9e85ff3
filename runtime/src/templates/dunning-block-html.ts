/**
 * The HTML of the dunning blocks (`{% invoice_table %}` …), drawn from the case and styled from
 * the brand kit with inline styles only, so it survives every mail client and prints on letters.
 * All debtor data is escaped here: the blocks write raw HTML.
 */
import type { DunningBlockName } from '@collectflow/shared';
import { blockWords } from './block-words.ts';
import { epcQrSvg } from './epc-qr.ts';
import type { MessageData } from './message-data.ts';
import { qrCodeSvg } from './qr-code-svg.ts';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

type BlockRenderer = (data: MessageData) => string | Promise<string>;

function invoiceTable(data: MessageData): string {
  const words = blockWords(data._facts.language);
  const { colours, fonts } = data.brand;
  const cell = `padding:6px 8px;border-bottom:1px solid #e3e7e5;font-family:${escapeHtml(fonts.body)};font-size:14px;color:${colours.text};`;
  const head = `${cell}font-weight:bold;text-align:left;border-bottom:2px solid ${colours.primary};`;
  const right = 'text-align:right;white-space:nowrap;';
  const rows = data.invoices
    .map(
      (invoice) =>
        `<tr><td style="${cell}">${escapeHtml(invoice.number)}</td><td style="${cell}">${escapeHtml(invoice.issue_date)}</td><td style="${cell}">${escapeHtml(invoice.due_date)}</td><td style="${cell}${right}">${escapeHtml(invoice.open_amount)}</td></tr>`,
    )
    .join('');
  const extra = [
    [words.costs, data._facts.costsMinor, data.totals.costs],
    [words.interest, data._facts.interestMinor, data.totals.interest],
  ]
    .filter(([, minor]) => (minor as number) > 0)
    .map(
      ([label, , value]) =>
        `<tr><td colspan="3" style="${cell}">${escapeHtml(label)}</td><td style="${cell}${right}">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const total = `<tr><td colspan="3" style="${cell}font-weight:bold;border-bottom:0;">${escapeHtml(words.totalDue)}</td><td style="${cell}${right}font-weight:bold;border-bottom:0;">${escapeHtml(data.totals.due)}</td></tr>`;
  return `<table class="cf-data" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;width:100%;margin:8px 0;"><thead><tr><th style="${head}">${escapeHtml(words.invoice)}</th><th style="${head}">${escapeHtml(words.invoiceDate)}</th><th style="${head}">${escapeHtml(words.dueDate)}</th><th style="${head}${right}">${escapeHtml(words.open)}</th></tr></thead><tbody>${rows}${extra}${total}</tbody></table>`;
}

async function payButton(data: MessageData): Promise<string> {
  const words = blockWords(data._facts.language);
  const { colours, fonts } = data.brand;
  if (data._facts.channel === 'letter') {
    // Paper has no buttons: the paylink as a QR code, with the address to type beside it.
    const svg = await qrCodeSvg(data.paylink.url, 24, words.payNow);
    const text = `font-family:${escapeHtml(fonts.body)};font-size:13px;color:${colours.text};line-height:1.5;`;
    return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0;"><tr><td style="padding-right:5mm;vertical-align:top;">${svg}</td><td style="vertical-align:middle;${text}"><strong>${escapeHtml(words.scanToPayOnline)}</strong><br>${escapeHtml(data.paylink.url)}</td></tr></table>`;
  }
  // A "bulletproof" button: a table cell with a background colour, which Outlook draws too.
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:12px 0;border-collapse:separate;"><tr><td bgcolor="${colours.primary}" style="background:${colours.primary};border-radius:6px;"><a href="${escapeHtml(data.paylink.url)}" target="_blank" style="display:inline-block;padding:12px 28px;font-family:${escapeHtml(fonts.body)};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(words.payNow)} · ${escapeHtml(data.totals.due)}</a></td></tr></table>`;
}

async function paymentQr(data: MessageData): Promise<string> {
  const words = blockWords(data._facts.language);
  const { fonts, colours } = data.brand;
  const text = `font-family:${escapeHtml(fonts.body)};font-size:13px;color:${colours.text};line-height:1.5;`;
  const details = `<div style="${text}"><strong>${escapeHtml(words.transfer)}</strong><br>${escapeHtml(words.recipient)}: ${escapeHtml(data.payment.creditor_name)}<br>IBAN: ${escapeHtml(data.payment.iban)}${data.payment.bic ? `<br>BIC: ${escapeHtml(data.payment.bic)}` : ''}<br>${escapeHtml(words.amount)}: ${escapeHtml(data.totals.due)}<br>${escapeHtml(words.reference)}: ${escapeHtml(data.case.reference)}</div>`;
  const payment = data._facts.brand.payment;
  // In e-mails the QR code would be an image many clients block; the paylink does the job there.
  if (data._facts.channel !== 'letter' || !payment || data._facts.currency !== 'EUR') return details;
  const svg = await epcQrSvg(
    {
      name: payment.creditorName,
      iban: payment.iban,
      bic: payment.bic,
      amountMinor:
        data._facts.invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0) +
        data._facts.costsMinor +
        data._facts.interestMinor,
      text: data.case.reference,
    },
    28,
  );
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0;"><tr><td style="padding-right:5mm;vertical-align:top;">${svg}<div style="${text}font-size:9px;max-width:28mm;">${escapeHtml(words.scanToPay)}</div></td><td style="vertical-align:top;">${details}</td></tr></table>`;
}

function installmentOffer(data: MessageData): string {
  const words = blockWords(data._facts.language);
  const { colours, fonts } = data.brand;
  return `<div style="margin:12px 0;padding:12px 16px;border-left:4px solid ${colours.accent};background:#f6f8f7;font-family:${escapeHtml(fonts.body)};font-size:14px;color:${colours.text};line-height:1.5;"><strong>${escapeHtml(words.installmentTitle)}</strong><br>${escapeHtml(words.installmentText)} <a href="${escapeHtml(data.paylink.url)}" style="color:${colours.primary};">${escapeHtml(words.installmentLink)}</a></div>`;
}

function legalFooter(data: MessageData): string {
  const { fonts } = data.brand;
  return `<div style="font-family:${escapeHtml(fonts.body)};font-size:11px;color:#6b7772;line-height:1.5;">${escapeHtml(data.brand.legal_footer).replaceAll('\n', '<br>')}</div>`;
}

export const dunningBlockHtml = {
  invoice_table: invoiceTable,
  pay_button: payButton,
  payment_qr: paymentQr,
  installment_offer: installmentOffer,
  legal_footer: legalFooter,
} satisfies Record<DunningBlockName, BlockRenderer>;
