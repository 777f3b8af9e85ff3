/** No procedure returns or changes another workspace's rows. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBrand } from '../../../brands/brand-queries.ts';
import { inTransaction } from '../../../db/pool.ts';
import { useTestDatabase } from '../../../db/testing/use-test-database.ts';
import { demoBrand } from '../../../demo/demo-workspace.ts';
import { insertDebtors } from '../../../demo/seed-demo.ts';
import { generateSyntheticDebtors } from '../../../demo/synthetic-debtors.ts';
import { createTestWorkspace } from '../testing/callers.ts';

const db = useTestDatabase();
let north: Awaited<ReturnType<typeof createTestWorkspace>>;
let south: Awaited<ReturnType<typeof createTestWorkspace>>;
let southBrandId: string;

beforeAll(async () => {
  north = await createTestWorkspace(db.pool, 'North');
  south = await createTestWorkspace(db.pool, 'South');
  await createBrand(db.pool, north.workspaceId, { ...demoBrand, name: 'North Brand' });
  southBrandId = (await createBrand(db.pool, south.workspaceId, { ...demoBrand, name: 'South Brand' })).id;
  const debtors = generateSyntheticDebtors({ count: 30, today: '2026-11-22' });
  await inTransaction(db.pool, (client) => insertDebtors(client, north.workspaceId, debtors.slice(0, 10)));
  await inTransaction(db.pool, (client) => insertDebtors(client, south.workspaceId, debtors.slice(10)));
});

describe('workspace scoping', () => {
  it('lists only the caller’s members', async () => {
    const { caller } = await north.signInAs('admin');
    const members = await caller.members.list();
    expect(members).toHaveLength(5);
    expect(members.every((member) => member.email.endsWith('@north.example'))).toBe(true);
  });

  it('lists only the caller’s brands', async () => {
    const { caller } = await south.signInAs('viewer');
    expect((await caller.brands.list()).map((brand) => brand.name)).toEqual(['South Brand']);
  });

  it('counts only the caller’s debtors, invoices and cases', async () => {
    const { caller } = await north.signInAs('agent');
    const overview = await caller.workspace.overview();
    const invoices = await db.pool.query(`select count(*)::int as n from invoices where workspace_id = $1`, [
      north.workspaceId,
    ]);
    expect(overview.debtors).toBe(10);
    expect(overview.cases.open).toBe(10);
    expect(overview.openInvoices).toBe(invoices.rows[0].n);
  });

  it('cannot change another workspace’s brand or members, and says they do not exist', async () => {
    const { caller } = await north.signInAs('admin');
    await expect(caller.brands.update({ id: southBrandId, name: 'Taken over' })).rejects.toThrow(
      'That brand does not exist in this workspace.',
    );
    await expect(caller.members.setRole({ userId: south.members.viewer.id, role: 'admin' })).rejects.toThrow(
      'That member does not exist in this workspace.',
    );
    await expect(caller.members.setDisabled({ userId: south.members.admin.id, disabled: true })).rejects.toThrow(
      'That member does not exist in this workspace.',
    );
    const { rows } = await db.pool.query(`select name from brands where id = $1`, [southBrandId]);
    expect(rows[0].name).toBe('South Brand');
  });

  it('cannot see, change, publish or archive another workspace’s flow, nor use its API keys or counts', async () => {
    const { caller: southDesigner } = await south.signInAs('designer');
    const southFlow = await southDesigner.flows.create({ name: 'South flow' });
    const { caller: northAdmin } = await north.signInAs('admin');
    expect((await northAdmin.flows.list()).map((flow) => flow.name)).not.toContain('South flow');
    const notThere = `There is no flow ${southFlow.id} in this workspace.`;
    await expect(northAdmin.flows.get({ flowId: southFlow.id })).rejects.toThrow(notThere);
    await expect(northAdmin.flows.saveDraft({ flowId: southFlow.id, draft: southFlow.draft })).rejects.toThrow(
      notThere,
    );
    await expect(northAdmin.flows.publish({ flowId: southFlow.id, note: '' })).rejects.toThrow(notThere);
    await expect(northAdmin.flows.archive({ flowId: southFlow.id })).rejects.toThrow(notThere);
    expect((await southDesigner.flows.get({ flowId: southFlow.id })).status).toBe('draft');

    const { caller: southAdmin } = await south.signInAs('admin');
    const { key } = await southAdmin.apiKeys.create({ name: 'South ERP' });
    expect((await northAdmin.apiKeys.list()).map((entry) => entry.id)).not.toContain(key.id);
    await expect(northAdmin.apiKeys.revoke({ id: key.id })).rejects.toThrow(
      'There is no such API key in this workspace.',
    );
    expect(await northAdmin.segments.count({ rule: null })).toEqual({ matching: 10, open: 10 });
  });

  it('the database itself refuses a reference into another workspace', async () => {
    const southDebtor = await db.pool.query(`select id from debtors where workspace_id = $1 limit 1`, [
      south.workspaceId,
    ]);
    await expect(
      db.pool.query(
        `insert into invoices (workspace_id, debtor_id, external_id, amount_minor, open_amount_minor, currency, issue_date, due_date)
         values ($1, $2, 'X-1', 100, 100, 'EUR', '2026-01-01', '2026-01-15')`,
        [north.workspaceId, southDebtor.rows[0].id],
      ),
    ).rejects.toThrow(/violates foreign key constraint/);
  });
});
