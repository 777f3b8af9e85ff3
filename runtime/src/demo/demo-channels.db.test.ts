/** The demo's channels: connectors against the local doubles, and example flows that send through them. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listConnectorConfigs } from '../connectors/connector-configs.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { testSecretKey } from '../http/trpc/testing/callers.ts';
import { type DemoChannels, startDemoChannels } from './demo-channels.ts';
import { seedDemo } from './seed-demo.ts';

const db = useTestDatabase();
let channels: DemoChannels | undefined;
afterAll(() => channels?.close());

describe('demo channels', () => {
  it('sets up the demo’s connectors against the doubles, and its flows send through them', async () => {
    channels = await startDemoChannels({
      pool: db.pool,
      secretKey: testSecretKey,
      bounceTo: { host: '127.0.0.1', port: 9 },
      printFolder: await mkdtemp(path.join(os.tmpdir(), 'demo-print-')),
    });
    expect(channels.printsLetters).toBe(true);
    const seeded = await seedDemo(db.pool, { debtors: 20, pilotDays: 0, setUpConnectors: channels.setUpConnectors });

    const connectors = await listConnectorConfigs(db.pool, seeded.workspaceId);
    expect(connectors.map((connector) => [connector.key, connector.connector])).toEqual([
      ['email', 'email-smtp'],
      ['letter', 'letter-pdf'],
      ['payments', 'mollie'],
      ['sms', 'sinch-sms'],
      ['voice', 'sinch-voice'],
    ]);
    expect(connectors.find((connector) => connector.key === 'email')?.settings).toMatchObject({
      host: channels.smtp.host,
      port: channels.smtp.port,
    });
    const { rows } = await db.pool.query<{ type: string; connector: string }>(
      `select distinct node ->> 'type' as type, node -> 'data' ->> 'connector' as connector
         from flow_versions, jsonb_array_elements(graph -> 'nodes') node
        where workspace_id = $1 and node ->> 'type' in ('email', 'sms', 'letter', 'voice')
        order by 1`,
      [seeded.workspaceId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.connector).toBe(row.type);

    // A later start (new ports) saves them again; the workspace is not seeded twice.
    const again = await seedDemo(db.pool, { setUpConnectors: channels.setUpConnectors });
    expect(again).toEqual({ created: false, workspaceId: seeded.workspaceId });
  });
});
