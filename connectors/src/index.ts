/**
 * @collectflow/connectors — connector plugins, one folder per connector under `src/<id>/`, each
 * with its wire-protocol test double. See docs/connectors.md.
 */
export * from './email-smtp/delivery-status-notification.ts';
export * from './email-smtp/email-smtp.ts';
export * from './email-smtp/smtp-double.ts';
export * from './letter-pdf/letter-pdf.ts';
export * from './letter-pdf/system-chromium.ts';
export * from './print-folder/print-folder.ts';
export * from './sdk/define-connector.ts';
export * from './sinch/sinch-double.ts';
export * from './sinch/sinch-sms.ts';
export * from './sinch/sinch-voice.ts';

import { emailSmtp } from './email-smtp/email-smtp.ts';
import { letterPdf } from './letter-pdf/letter-pdf.ts';
import { sinchSms } from './sinch/sinch-sms.ts';
import { sinchVoice } from './sinch/sinch-voice.ts';

/** Every built-in connector, by id. Core code asks this registry; it never switches on ids. */
export const builtInConnectors = {
  [emailSmtp.id]: emailSmtp,
  [sinchSms.id]: sinchSms,
  [sinchVoice.id]: sinchVoice,
  [letterPdf.id]: letterPdf,
} as const;
