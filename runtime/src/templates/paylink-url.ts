/**
 * The paylink a message carries. Until the paylink pages exist (signed, unguessable tokens per
 * case), every message links to the service's payment entry page with the case reference only,
 * which reveals nothing about the debtor.
 */
import { caseReference } from './message-data.ts';

/** Paylinks live below this path of the service's address. */
export const paylinkPathPrefix = '/p/';

export function paylinkUrlFor(publicUrl: string, caseId: string): string {
  return `${publicUrl.replace(/\/$/, '')}${paylinkPathPrefix}${caseReference(caseId)}`;
}

/** Whether `url` is a paylink of the service at `publicUrl`. */
export function isPaylinkUrl(publicUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    return target.origin === new URL(publicUrl).origin && target.pathname.startsWith(paylinkPathPrefix);
  } catch {
    return false;
  }
}
