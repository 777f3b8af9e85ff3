/** Workspaces: creation and the overview a signed-in member sees. */
import type { WorkspaceOverview } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export interface WorkspaceRef {
  id: string;
  name: string;
  slug: string;
}

/** `Demo Energie` → `demo-energie`: lower-case letters and digits joined by `-`. */
export function slugFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || 'workspace';
}

/** Creates a workspace; its slug comes from the name, with `-2`, `-3` … added if taken. */
export async function createWorkspace(db: Queryable, name: string): Promise<WorkspaceRef> {
  const base = slugFor(name);
  const { rows } = await db.query<WorkspaceRef>(
    `insert into workspaces (name, slug)
     select $1, case when n = 0 then $2 else $2 || '-' || (n + 1) end
       from (select count(*) as n from workspaces where slug = $2 or slug ~ ('^' || $2 || '-[0-9]+$')) taken
     returning id, name, slug`,
    [name, base],
  );
  return rows[0]!;
}

export async function findWorkspaceByName(db: Queryable, name: string): Promise<WorkspaceRef | null> {
  const { rows } = await db.query<WorkspaceRef>('select id, name, slug from workspaces where name = $1', [name]);
  return rows[0] ?? null;
}

/** A workspace by its slug or, failing that, its exact name (what CLI users type). */
export async function findWorkspace(db: Queryable, slugOrName: string): Promise<WorkspaceRef | null> {
  const { rows } = await db.query<WorkspaceRef>(
    `select id, name, slug from workspaces where slug = $1 or name = $1 order by (slug = $1) desc limit 1`,
    [slugOrName],
  );
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
