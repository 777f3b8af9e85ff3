/** A case's status in words, and the badge class that colours it. */
import type { CaseStatus } from '@collectflow/shared';

export const caseStatusDisplay: Record<CaseStatus, { label: string; badge: string }> = {
  open: { label: 'Open', badge: 'active' },
  paused: { label: 'Paused', badge: 'paused' },
  paid: { label: 'Paid', badge: 'paid' },
  closed: { label: 'Closed', badge: 'archived' },
};
