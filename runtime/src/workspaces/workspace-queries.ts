/** Workspaces: creation and the overview a signed-in member sees. */
import type { WorkspaceOverview } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export async function createWorkspace(db: Queryable, name: string): Promise<{ id: string }> {
  const { rows } = await db.query<{ id: string }>('insert into workspaces (name) values ($1) returning id', [name]);
  return rows[0]!;
}

export async function findWorkspaceByName(db: Queryable, name: string): Promise<{ id: string } | null> {
  const { rows } = await db.query<{ id: string }>('select id from workspaces where name = $1', [name]);
  return rows[0] ?? null;
}

export async function getWorkspaceOverview(db: Queryable, workspaceId: string): Promise<WorkspaceOverview> {
  const { rows } = await db.query<WorkspaceOverview>(
    `select
       (select count(*) from debtors where workspace_id = $1)::int as debtors,
       (select count(*) from invoices where workspace_id = $1 and status = 'open')::int as "openInvoices",
       (select json_build_object(
           'open', count(*) filter (where status = 'open'),
           'paused', count(*) filter (where status = 'paused'),
           'paid', count(*) filter (where status = 'paid'),
           'closed', count(*) filter (where status = 'closed'))
          from cases where workspace_id = $1) as cases,
       coalesce((select json_agg(json_build_object('amountMinor', total, 'currency', currency) order by total desc)
          from (select currency, sum(open_amount_minor) as total from invoices
                 where workspace_id = $1 and status = 'open' group by currency) totals), '[]') as "openAmounts"`,
    [workspaceId],
  );
  return rows[0]!;
}
