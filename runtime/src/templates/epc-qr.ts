/**
 * The EPC069-12 "GiroCode" payload: the SEPA credit transfer a banking app fills in from a QR
 * code (version 002, UTF-8, BIC optional, name ≤ 70, amount `EUR12.34`, reference text ≤ 140,
 * at most 331 bytes; printed with error correction M).
 */
import { qrCodeSvg } from './qr-code-svg.ts';

export interface EpcTransfer {
  name: string;
  iban: string;
  bic: string;
  amountMinor: number;
  /** Unstructured remittance text, e.g. the case reference. */
  text: string;
}

export function epcPayload(transfer: EpcTransfer): string {
  const amount = transfer.amountMinor > 0 ? `EUR${(transfer.amountMinor / 100).toFixed(2)}` : '';
  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    transfer.bic,
    transfer.name.slice(0, 70),
    transfer.iban.replaceAll(' ', ''),
    amount,
    '',
    '',
    transfer.text.slice(0, 140),
  ];
  const payload = lines.join('\n');
  if (new TextEncoder().encode(payload).length > 331) throw new Error('EPC QR payload exceeds 331 bytes');
  return payload;
}

/** The QR code as an inline SVG element. */
export function epcQrSvg(transfer: EpcTransfer, sizeMm: number): Promise<string> {
  return qrCodeSvg(epcPayload(transfer), sizeMm, 'GiroCode');
}
