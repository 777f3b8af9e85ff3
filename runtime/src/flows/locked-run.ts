/** A run as its step sees it: locked for the step's transaction, with its case, flow and debtor. */
import type { Consents, Language } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export interface LockedRun {
  id: string;
  workspaceId: string;
  caseId: string;
  flowId: string;
  flowVersion: number;
  flowName: string;
  flowStatus: 'draft' | 'active' | 'paused' | 'archived';
  status: 'active' | 'completed' | 'exited' | 'failed';
  /** Where the run stands; null before its first step. */
  nodeId: string | null;
  nodeState: unknown;
  caseStatus: 'open' | 'paused' | 'paid' | 'closed';
  caseCurrency: string;
  debtor: DebtorContact;
}

export interface DebtorContact {
  id: string;
  name: string;
  language: Language;
  email: string | null;
  phone: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    postalCode: string | null;
    city: string | null;
    country: string | null;
  };
  consents: Consents;
}

/** Locks the run row until the end of the transaction; null if there is no such run. */
export async function lockRun(db: Queryable, runId: string): Promise<LockedRun | null> {
  const { rows } = await db.query<LockedRun>(
    `select r.id, r.workspace_id as "workspaceId", r.case_id as "caseId", r.flow_id as "flowId",
            r.flow_version as "flowVersion", fl.name as "flowName", fl.status as "flowStatus", r.status,
            r.node_id as "nodeId", r.node_state as "nodeState",
            c.status as "caseStatus", c.currency::text as "caseCurrency",
            json_build_object(
              'id', d.id,
              'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)),
              'language', d.language, 'email', d.email, 'phone', d.phone,
              'address', json_build_object('line1', d.address_line1, 'line2', d.address_line2,
                                           'postalCode', d.postal_code, 'city', d.city, 'country', d.country_code),
              'consents', d.consents) as debtor
       from runs r
       join cases c on c.workspace_id = r.workspace_id and c.id = r.case_id
       join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
       join flows fl on fl.workspace_id = r.workspace_id and fl.id = r.flow_id
      where r.id = $1
        for update of r`,
    [runId],
  );
  return rows[0] ?? null;
}
