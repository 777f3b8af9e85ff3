/** A flow's status as the flows list and editor show it: "Draft", "Published v3", "Paused v3". */
import type { FlowStatus } from '@collectflow/shared';

export function statusLabel(status: FlowStatus, currentVersion: number | null): string {
  const version = currentVersion ? ` v${currentVersion}` : '';
  switch (status) {
    case 'draft':
      return 'Draft';
    case 'active':
      return `Published${version}`;
    case 'paused':
      return `Paused${version}`;
    case 'archived':
      return 'Archived';
  }
}
