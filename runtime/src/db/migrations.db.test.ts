import { describe, expect, it } from 'vitest';
import { migrateDatabase, pendingMigrations, shippedMigrations } from './migrate.ts';
import { useTestDatabase } from './testing/use-test-database.ts';

const db = useTestDatabase();

describe('migrations', () => {
  it('leave nothing pending and are idempotent', async () => {
    expect(shippedMigrations.slice(0, 2)).toEqual(['0001_data-model-v1', '0002_flows-runs-outbox-payments']);
    expect(await pendingMigrations(db.pool)).toEqual([]);
    expect(await migrateDatabase(db.connectionString)).toEqual({ applied: [] });
  });

  it('include graphile-worker’s schema', async () => {
    const { rows } = await db.pool.query(`select to_regclass('graphile_worker._private_jobs') is not null as present`);
    expect(rows[0].present).toBe(true);
  });

  it('keep a domain table’s every row in a workspace', async () => {
    const { rows } = await db.pool.query<{ table_name: string }>(
      `select t.table_name from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and t.table_name not in ('workspaces', 'collectflow_migrations', 'sign_in_attempts', 'worker_heartbeats',
                                   'analytics_refreshes')
          and not exists (select 1 from information_schema.columns c
                           where c.table_schema = 'public' and c.table_name = t.table_name
                             and c.column_name = 'workspace_id' and c.is_nullable = 'NO')`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([]);
  });

  it('make the event timeline append-only', async () => {
    const { rows } = await db.pool.query<{ workspace_id: string; case_id: string }>(
      `with w as (insert into workspaces (name, slug) values ('Timeline', 'timeline') returning id),
            d as (insert into debtors (workspace_id, external_id, last_name, language) select id, 'D1', 'Jansen', 'nl' from w returning workspace_id, id),
            c as (insert into cases (workspace_id, debtor_id, currency) select workspace_id, id, 'EUR' from d returning workspace_id, id)
       select workspace_id, id as case_id from c`,
    );
    const { workspace_id, case_id } = rows[0]!;
    const event = await db.pool.query<{ id: number }>(
      `insert into events (workspace_id, case_id, type, source) values ($1, $2, 'case.opened', 'system') returning id`,
      [workspace_id, case_id],
    );
    await expect(
      db.pool.query(`update events set type = 'case.closed' where id = $1`, [event.rows[0]!.id]),
    ).rejects.toThrow(`events are append-only: event ${event.rows[0]!.id} cannot be changed`);
  });
});
