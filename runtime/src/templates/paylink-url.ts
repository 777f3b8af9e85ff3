/**
 * The paylink a message carries. Until the paylink pages exist (signed, unguessable tokens per
 * case), every message links to the service's payment entry page with the case reference only,
 * which reveals nothing about the debtor.
 */
import { caseReference } from './message-data.ts';

export function paylinkUrlFor(publicUrl: string, caseId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/p/${caseReference(caseId)}`;
}
