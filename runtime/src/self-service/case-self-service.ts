/**
 * Which brand a debtor sees on their paylink page and which self-service rules hold for their
 * case: the rules of the flow the case is (or was last) in, if that flow sets its own, else its
 * brand's, else the defaults (30 days to promise, no installment plans).
 */
import { defaultSelfServiceRules, SelfServiceRules } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export interface CaseSelfService {
  /** The creditor as the debtor knows them: the brand of the case's latest message, else the first brand. */
  brandId: string | null;
  rules: SelfServiceRules;
}

export async function caseSelfService(db: Queryable, workspaceId: string, caseId: string): Promise<CaseSelfService> {
  const { rows } = await db.query<{ brand_id: string | null; brand_rules: unknown; flow_rules: unknown }>(
    `with brand as (
       select b.id, b.self_service from brands b
        where b.workspace_id = $1
          and b.id = coalesce((select t.brand_id from messages m
                                 join templates t on t.workspace_id = m.workspace_id and t.key = m.template
                                where m.workspace_id = $1 and m.case_id = $2
                                order by m.created_at desc limit 1),
                              (select first.id from brands first where first.workspace_id = $1
                                order by first.created_at limit 1))
     )
     select (select id from brand) as brand_id,
            (select self_service from brand) as brand_rules,
            (select v.graph -> 'settings' -> 'selfService'
               from runs r join flow_versions v on v.flow_id = r.flow_id and v.version = r.flow_version
              where r.workspace_id = $1 and r.case_id = $2
              order by (r.status = 'active') desc, r.entered_at desc limit 1) as flow_rules`,
    [workspaceId, caseId],
  );
  const row = rows[0];
  const flowRules = row?.flow_rules ? SelfServiceRules.safeParse(row.flow_rules) : null;
  const parsedBrand = SelfServiceRules.safeParse(row?.brand_rules);
  const brandRules = parsedBrand.success ? parsedBrand.data : defaultSelfServiceRules;
  if (!flowRules?.success) return { brandId: row?.brand_id ?? null, rules: brandRules };
  // A flow's plans remind like the brand's unless the flow names its own reminder.
  const installments = flowRules.data.installments;
  return {
    brandId: row?.brand_id ?? null,
    rules: {
      ...flowRules.data,
      installments: installments
        ? { ...installments, reminder: installments.reminder ?? brandRules.installments?.reminder ?? null }
        : null,
    },
  };
}
