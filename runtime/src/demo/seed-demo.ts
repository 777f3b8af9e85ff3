/**
 * Seeds the demo workspace: members for every role, a brand, and synthetic debtors with their
 * overdue invoices and one open case each, and two published example flows that enrol them.
 * Runs once; if the workspace exists it does nothing.
 */
import { mkdir } from 'node:fs/promises';
import type { BestChannelNodeData, Channel, FlowDraft } from '@collectflow/shared';
import { simulateHistory } from '../analytics/history/simulate-history.ts';
import { defaultResponseModel } from '../analytics/history/walk-case.ts';
import { refreshAllRunAnalytics } from '../analytics/refresh-run-analytics.ts';
import { createBrand } from '../brands/brand-queries.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { createFlow } from '../flows/flow-queries.ts';
import { publishFlow } from '../flows/publish-flow.ts';
import { saveImportSource } from '../imports/import-sources.ts';
import { bestChannelFlow, bestChannelNodeId, channelStepsOf } from '../ml/simulation/best-channel-flow.ts';
import { simulateLearnedPolicy } from '../ml/simulation/simulate-policies.ts';
import { trainPolicies } from '../ml/train-policies.ts';
import { createTemplate, publishTemplate } from '../templates/template-queries.ts';
import { createMember } from '../users/member-queries.ts';
import { createWorkspace, findWorkspaceByName } from '../workspaces/workspace-queries.ts';
import { demoBrand, demoMembers, demoPassword, demoWorkspaceName } from './demo-workspace.ts';
import { demoFlowNames, exampleFlow } from './example-flows.ts';
import { exampleTemplates } from './example-templates.ts';
import { addDays, generateSyntheticDebtors, type SyntheticDebtor } from './synthetic-debtors.ts';

export interface SeedDemoOptions {
  /** Number of debtors. Default: 1000. */
  debtors?: number;
  /**
   * Sets up the workspace's connectors (at every call: the demo's local doubles listen on new
   * ports each start) and says which connector key sends each channel; the example flows use
   * them. Default: none, and the flows send through the built-in sandbox.
   */
  setUpConnectors?: (workspaceId: string) => Promise<Partial<Record<Channel, string>>>;
  /**
   * Cases of past dunning (closed: paid, handed over or written off) for the dashboard and the
   * A/B results to show: simulated through the example flows over the 150 to 45 days before
   * `today`. Default: 2000.
   */
  history?: number;
  /** Days of the best-channel pilot to simulate (30 cases a day) for the Models page. Default: 28. */
  pilotDays?: number;
  /** The day invoices are overdue relative to. Default: today (UTC). */
  today?: string;
  /**
   * A folder the demo's "ERP export" import source watches (created if missing): a CSV with
   * Klantnummer;Naam;E-mailadres;Factuurnummer;Vervaldatum;Bedrag dropped there is imported
   * within a minute. Default: no watched folder.
   */
  importFolder?: string;
}

export interface SeedDemoResult {
  created: boolean;
  workspaceId: string;
}

export async function seedDemo(pool: Pool, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const result = await inTransaction(pool, async (client) => {
    // Serialise concurrent first starts (several processes on one database).
    await client.query(`select pg_advisory_xact_lock(hashtext('collectflow.seed-demo'))`);
    const existing = await findWorkspaceByName(client, demoWorkspaceName);
    if (existing) return { created: false, workspaceId: existing.id, brandId: null, historyCaseIds: [] };
    const { id: workspaceId } = await createWorkspace(client, demoWorkspaceName);
    for (const member of demoMembers) {
      await createMember(client, workspaceId, { ...member, password: demoPassword });
    }
    const brand = await createBrand(client, workspaceId, demoBrand);
    // Generated only now: every `npm start` calls this, and usually the demo exists already.
    await insertDebtors(client, workspaceId, generateSyntheticDebtors({ count: options.debtors ?? 1000, today }));
    const historyCaseIds = await insertHistoryCases(client, workspaceId, options.history ?? 2000, today);
    return { created: true, workspaceId, brandId: brand.id, historyCaseIds };
  });
  const connectors = (await options.setUpConnectors?.(result.workspaceId)) ?? {};
  if (result.brandId) {
    // Templates first: a flow is published only if every template it uses is.
    await publishExampleTemplates(pool, result.workspaceId, result.brandId);
    const flowIds = await publishDemoFlows(pool, result.workspaceId, connectors);
    await simulateDemoHistory(pool, result.workspaceId, flowIds, result.historyCaseIds, today);
    await publishBestChannelPilot(pool, result.workspaceId, connectors, today, options.pilotDays ?? 28);
    await saveImportSource(pool, result.workspaceId, {
      key: 'erp-export',
      name: 'ERP export (demo)',
      mapping: {
        columns: {
          'debtor.externalId': 'Klantnummer',
          'debtor.lastName': 'Naam',
          'debtor.email': 'E-mailadres',
          'invoice.externalId': 'Factuurnummer',
          'invoice.dueDate': 'Vervaldatum',
          'invoice.amount': 'Bedrag',
        },
      },
      watchFolder: options.importFolder ?? null,
    });
    if (options.importFolder) await mkdir(options.importFolder, { recursive: true });
    // Installment reminders go out by SMS through the demo's SMS connector, where there is one.
    if (connectors.sms) {
      await pool.query(
        `update brands set self_service = jsonb_set(self_service, '{installments,reminder,connector}', to_jsonb($2::text))
          where id = $1 and self_service #> '{installments,reminder}' is not null`,
        [result.brandId, connectors.sms],
      );
    }
  }
  return { created: result.created, workspaceId: result.workspaceId };
}

/** The example flows, published (publishing has its own transaction and enrols matching cases). */
/** The flow with each channel step sending through the given connector of its channel. */
function withConnectors(draft: FlowDraft, connectors: Partial<Record<Channel, string>>): FlowDraft {
  return {
    ...draft,
    nodes: draft.nodes.map((node) => {
      const connector = connectors[node.type as Channel];
      return connector ? { ...node, data: { ...(node.data as Record<string, unknown>), connector } } : node;
    }),
  };
}

/** Creates and publishes the example templates (see example-templates.ts) with a brand of the workspace. */
export async function publishExampleTemplates(pool: Pool, workspaceId: string, brandId: string): Promise<void> {
  for (const template of exampleTemplates) {
    const created = await createTemplate(pool, workspaceId, { ...template, brandId }, null);
    await publishTemplate(pool, workspaceId, { templateId: created.id, note: 'Example template of the demo' }, null);
  }
}

async function publishDemoFlows(
  pool: Pool,
  workspaceId: string,
  connectors: Partial<Record<Channel, string>>,
): Promise<string[]> {
  const flowIds: string[] = [];
  for (const name of demoFlowNames) {
    const draft = withConnectors(exampleFlow(name), connectors);
    const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
    await publishFlow(pool, workspaceId, flow.id, { note: 'Example flow of the demo', userId: null });
    flowIds.push(flow.id);
  }
  return flowIds;
}

/**
 * The history's debtors (DEB-2…, invoices HIS-…), each with a case that is closed at once so
 * that publishing the flows does not enrol it; simulateDemoHistory then gives it its past.
 */
async function insertHistoryCases(client: PoolClient, workspaceId: string, count: number, today: string) {
  if (count === 0) return [];
  const debtors = generateSyntheticDebtors({ count, today: addDays(today, -150), seed: 20_261_206 }).map(
    (debtor, index) => ({
      ...debtor,
      externalId: `DEB-${200001 + index}`,
      invoices: debtor.invoices.map((invoice) => ({
        ...invoice,
        externalId: invoice.externalId.replace(/^INV-/, 'HIS-'),
      })),
    }),
  );
  await insertDebtors(client, workspaceId, debtors);
  const { rows } = await client.query<{ id: string }>(
    `update cases c set status = 'closed', closed_at = now()
       from debtors d
      where c.workspace_id = $1 and d.workspace_id = $1 and d.id = c.debtor_id and d.external_id like 'DEB-2%'
      returning c.id`,
    [workspaceId],
  );
  return rows.map((row) => row.id).sort();
}

/** Half the history through each example flow, then the analytics built from it. */
async function simulateDemoHistory(
  pool: Pool,
  workspaceId: string,
  flowIds: string[],
  caseIds: string[],
  today: string,
) {
  if (caseIds.length === 0) return;
  const share = Math.ceil(caseIds.length / flowIds.length);
  for (const [index, flowId] of flowIds.entries()) {
    await simulateHistory(pool, {
      workspaceId,
      flowId,
      caseIds: caseIds.slice(index * share, (index + 1) * share),
      from: addDays(today, -150),
      to: addDays(today, -45),
      seed: index + 1,
      detailed: true,
      // The demo's ground truth: the second variant of each A/B split works clearly better, so
      // that its A/B results have a winner to find (and to promote).
      model: { ...defaultResponseModel, laterVariantFactor: 1.6 },
    });
  }
  await refreshAllRunAnalytics(pool);
}

/**
 * A best-channel pilot for the model page: a flow for debtors tagged `channel_pilot = yes` (no
 * open case is, so it changes nothing in the demo's running flows), whose last four weeks (by
 * default) are simulated — 30 cases a day of the debtor simulator's population (debtors SIM-…, their cases
 * closed), each decided by the node's policy through the runtime's decision and training code —
 * so the model page shows a model, its choices and its uplift.
 */
async function publishBestChannelPilot(
  pool: Pool,
  workspaceId: string,
  connectors: Partial<Record<Channel, string>>,
  today: string,
  days: number,
) {
  const draft = withConnectors(
    bestChannelFlow(
      'Best channel pilot',
      { rewardWindowDays: 14 },
      {
        templates: { email: 'reminder-friendly', sms: 'sms-reminder', letter: 'reminder-letter' },
        segment: { '===': [{ var: 'attributes.channel_pilot' }, 'yes'] },
        description:
          'Pilot of the learned best channel: debtors tagged channel_pilot = yes get their reminder on the channel most likely to make them pay.',
      },
    ),
    connectors,
  );
  const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
  await publishFlow(pool, workspaceId, flow.id, { note: 'Best-channel pilot of the demo', userId: null });
  const data = draft.nodes.find((node) => node.id === bestChannelNodeId)!.data as BestChannelNodeData;
  if (days > 0) {
    await simulateLearnedPolicy(
      pool,
      {
        seed: 2026,
        days,
        casesPerDay: 30,
        rewardWindowDays: data.rewardWindowDays,
        explorationRate: data.explorationRate,
        start: new Date(`${addDays(today, -days)}T08:00:00Z`),
      },
      { workspaceId, flowId: flow.id, data, steps: channelStepsOf(draft) },
    );
  }
  await trainPolicies(pool, { workspaceId, now: new Date(`${today}T08:00:00Z`) });
}

/** Set-based insert: debtors, then one open case per debtor, its invoices, and the opening event. */
export async function insertDebtors(
  client: PoolClient,
  workspaceId: string,
  debtors: SyntheticDebtor[],
): Promise<void> {
  await client.query(
    `insert into debtors (workspace_id, external_id, kind, first_name, last_name, company_name, language,
                          email, phone, address_line1, postal_code, city, country_code, preferred_channel,
                          consents, attributes)
     select $1, d."externalId", d.kind::debtor_kind, d."firstName", d."lastName", d."companyName", d.language,
            d.email, d.phone, d.address->>'line1', d.address->>'postalCode', d.address->>'city',
            d.address->>'country', d."preferredChannel"::channel, d.consents, d.attributes
       from jsonb_to_recordset($2) as d("externalId" text, kind text, "firstName" text, "lastName" text,
            "companyName" text, language text, email text, phone text, address jsonb,
            "preferredChannel" text, consents jsonb, attributes jsonb)`,
    [workspaceId, JSON.stringify(debtors.map(({ invoices: _, ...debtor }) => debtor))],
  );
  const invoices = debtors.flatMap((debtor) =>
    debtor.invoices.map((invoice) => ({ ...invoice, debtorExternalId: debtor.externalId })),
  );
  await client.query(
    `with new_cases as (
       insert into cases (workspace_id, debtor_id, currency, opened_at)
       select $1, d.id, 'EUR', (min(i."dueDate") + 1)::timestamptz
         from jsonb_to_recordset($2) as i("debtorExternalId" text, "dueDate" date)
         join debtors d on d.workspace_id = $1 and d.external_id = i."debtorExternalId"
        group by d.id
       returning id, debtor_id, opened_at
     ), new_invoices as (
       insert into invoices (workspace_id, debtor_id, case_id, external_id, amount_minor, open_amount_minor,
                             currency, issue_date, due_date)
       select $1, d.id, c.id, i."externalId", i."amountMinor", i."openAmountMinor", i.currency,
              i."issueDate", i."dueDate"
         from jsonb_to_recordset($2) as i("debtorExternalId" text, "externalId" text, "amountMinor" bigint,
              "openAmountMinor" bigint, currency text, "issueDate" date, "dueDate" date)
         join debtors d on d.workspace_id = $1 and d.external_id = i."debtorExternalId"
         join new_cases c on c.debtor_id = d.id
       returning case_id
     )
     insert into events (workspace_id, case_id, type, occurred_at, source, payload)
     select $1, c.id, 'case.opened', c.opened_at, 'import',
            jsonb_build_object('invoices', (select count(*) from new_invoices n where n.case_id = c.id))
       from new_cases c`,
    [workspaceId, JSON.stringify(invoices)],
  );
}
