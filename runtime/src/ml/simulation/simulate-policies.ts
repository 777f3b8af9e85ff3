/**
 * Runs policies over the same simulated population (debtor-population.ts), day by day: each day
 * new cases arrive at 09:00 and each gets one reminder on the channel its policy picks; whether
 * and when it pays is the population's ground truth, with the same luck for every policy.
 *
 * Fixed policies (always e-mail, one channel, uniform random, the oracle) run in memory. The
 * learned policy runs against the real database through the runtime's own code on a simulated
 * clock: every morning the training cron's work (`trainPolicies`) at that moment, then for each
 * case `decideBestChannel` — the bestChannel node's decision, features read by SQL from the
 * history written so far — and the day's messages, payments, paylink visits and decisions are
 * written as the runtime would have. (The flow runtime itself stamps messages with the
 * database's clock, so it cannot replay weeks in seconds; the decision and training paths are
 * the ones it uses.)
 */
import { createHash, randomUUID } from 'node:crypto';
import type { BestChannelNodeData, BestChannelObjective, Channel } from '@collectflow/shared';
import type { Pool } from '../../db/pool.ts';
import { createFlow } from '../../flows/flow-queries.ts';
import { bestChannelTimelineDetail } from '../../flows/nodes/best-channel.ts';
import { publishFlow } from '../../flows/publish-flow.ts';
import type { DebtorContact } from '../../flows/run-snapshot.ts';
import { recipientFor } from '../../outbox/recipient.ts';
import { publishTemplatesFor } from '../../templates/testing/test-templates.ts';
import { createWorkspace } from '../../workspaces/workspace-queries.ts';
import { decideBestChannel } from '../decide-best-channel.ts';
import { seededRandom, seedFrom } from '../seeded-random.ts';
import { trainPolicies } from '../train-policies.ts';
import { bestChannelFlow, bestChannelNodeId, channelStepsOf } from './best-channel-flow.ts';
import {
  canReceive,
  expectedReward,
  outcomeOf,
  type SimulatedCase,
  type SimulatedDebtor,
  simulatedCase,
  simulatedMessageCosts,
} from './debtor-population.ts';

export interface SimulationOptions {
  seed: number;
  days: number;
  casesPerDay: number;
  rewardWindowDays: number;
  explorationRate: number;
  candidates?: readonly Channel[];
  /** What the learned policy aims for. Default: payments. */
  objective?: BestChannelObjective;
  /** The first morning. Default: Monday 5 January 2026, 09:00 in Amsterdam. */
  start?: Date;
}

export interface SimulatedDecision {
  day: number;
  channel: Channel | null;
  /** Paid within the reward window after the message. */
  paid: boolean;
  daysToPay: number | null;
  /** The amount paid within the window (0 when not paid in time). */
  collectedMinor: number;
  /** The chosen channel's true chance of payment within the window, and the best reachable one's. */
  expected: number;
  oracle: number;
}

export interface LearnedRun {
  workspaceId: string;
  flowId: string;
  decisions: SimulatedDecision[];
  decisionMs: number[];
  trainingMs: number[];
  modelVersions: number;
}

const decisionHour = 9;

/**
 * A UUID made from the simulation's seed, objective and case (the hold-out split hashes message
 * ids, so they must repeat with the simulation). One database holds one simulation per seed and
 * objective.
 */
function uuidFrom(...parts: (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const dayMs = 86_400_000;
const defaultStart = new Date('2026-01-05T08:00:00Z');

/** The cases of day `day`, the same for every policy. */
export function casesOfDay(options: SimulationOptions, day: number, state: { debtors: number }): SimulatedCase[] {
  const cases: SimulatedCase[] = [];
  for (let index = 0; index < options.casesPerDay; index += 1) {
    const simulated = simulatedCase(options.seed, day * options.casesPerDay + index, state.debtors);
    if (simulated.debtor.index === state.debtors) state.debtors += 1;
    cases.push(simulated);
  }
  return cases;
}

function candidatesOf(options: SimulationOptions): readonly Channel[] {
  return options.candidates ?? ['email', 'sms', 'letter'];
}

function decisionOf(
  options: SimulationOptions,
  day: number,
  simulated: SimulatedCase,
  channel: Channel | null,
): SimulatedDecision {
  const reachable = candidatesOf(options).filter((candidate) => canReceive(simulated.debtor, candidate));
  const reward = (candidate: Channel) => expectedReward(simulated, candidate, decisionHour, options.rewardWindowDays);
  const oracle = Math.max(0, ...reachable.map(reward));
  if (!channel) return { day, channel, paid: false, daysToPay: null, collectedMinor: 0, expected: 0, oracle };
  const outcome = outcomeOf(options.seed, simulated, channel, decisionHour);
  const paid = outcome.paid && outcome.days! <= options.rewardWindowDays;
  return {
    day,
    channel,
    paid,
    daysToPay: paid ? outcome.days : null,
    collectedMinor: paid ? simulated.amountMinor : 0,
    expected: reward(channel),
    oracle,
  };
}

/** A policy that needs no learning: it sees the case and the channels the debtor can receive. */
export type FixedPolicy = (
  simulated: SimulatedCase,
  reachable: readonly Channel[],
  random: () => number,
  options: SimulationOptions,
) => Channel | null;

/** The first reachable channel of a preference list (what a fixed rule with fallbacks does). */
export const preferring =
  (...order: Channel[]): FixedPolicy =>
  (_simulated, reachable) =>
    order.find((channel) => reachable.includes(channel)) ?? reachable[0] ?? null;

export const uniformRandom: FixedPolicy = (_simulated, reachable, random) =>
  reachable.length === 0 ? null : reachable[Math.floor(random() * reachable.length)]!;

/** Knows the ground truth: the reachable channel with the best chance of payment within the window. */
export const oracle: FixedPolicy = (simulated, reachable, _random, options) => {
  let best: Channel | null = null;
  let bestReward = -1;
  for (const channel of reachable) {
    const reward = expectedReward(simulated, channel, decisionHour, options.rewardWindowDays);
    if (reward > bestReward) {
      bestReward = reward;
      best = channel;
    }
  }
  return best;
};

export function simulateFixedPolicy(options: SimulationOptions, policy: FixedPolicy): SimulatedDecision[] {
  const state = { debtors: 0 };
  const decisions: SimulatedDecision[] = [];
  const random = seededRandom(seedFrom('fixed-policy', options.seed));
  for (let day = 0; day < options.days; day += 1) {
    for (const simulated of casesOfDay(options, day, state)) {
      const reachable = candidatesOf(options).filter((channel) => canReceive(simulated.debtor, channel));
      decisions.push(decisionOf(options, day, simulated, policy(simulated, reachable, random, options)));
    }
  }
  return decisions;
}

function contactOf(debtor: SimulatedDebtor, id: string): DebtorContact {
  const granted = { granted: true, at: '2025-01-01T00:00:00Z', source: 'contract' };
  return {
    id,
    name: `Debtor ${debtor.index}`,
    language: debtor.language as DebtorContact['language'],
    email: debtor.hasEmail ? `debtor${debtor.index}@example.org` : null,
    phone: `+3161${String(debtor.index).padStart(7, '0')}`,
    address: { line1: 'Dorpsstraat 1', line2: null, postalCode: '1234 AB', city: 'Utrecht', country: 'NL' },
    consents: { email: granted, ...(debtor.smsConsent ? { sms: granted } : {}) },
  };
}

/** Runs the bestChannel policy through the database; see the module comment. */
/** Where the learned policy runs: a bestChannel node (id {@link bestChannelNodeId}) of a published flow. */
export interface SimulationTarget {
  workspaceId: string;
  flowId: string;
  data: BestChannelNodeData;
  /** The template and connector of each channel's step (the messages are written as theirs). */
  steps: Record<string, { template: string; connector: string }>;
}

/** A workspace of its own for a simulation: the flow, its templates, and the price list as connectors' costs. */
async function simulationWorkspace(pool: Pool, options: SimulationOptions): Promise<SimulationTarget> {
  const { id: workspaceId } = await createWorkspace(pool, `ML simulation ${options.seed} ${randomUUID().slice(0, 8)}`);
  const draft = bestChannelFlow('Best channel (simulation)', {
    candidates: [...candidatesOf(options)],
    explorationRate: options.explorationRate,
    rewardWindowDays: options.rewardWindowDays,
    objective: options.objective ?? 'payment',
  });
  await publishTemplatesFor(pool, workspaceId, draft);
  // The price list, as connectors' costs per message (what an objective with costs reads).
  await pool.query(
    `insert into connector_configs (workspace_id, key, connector, name, settings, cost_per_message)
     select $1, 'sim-' || c.connector, c.connector, 'Simulated ' || c.connector, '{}', c.cost
       from jsonb_to_recordset($2::jsonb) as c(connector text, cost numeric)`,
    [
      workspaceId,
      JSON.stringify([
        { connector: 'email-smtp', cost: simulatedMessageCosts.email },
        { connector: 'sinch-sms', cost: simulatedMessageCosts.sms },
        { connector: 'letter-pdf', cost: simulatedMessageCosts.letter },
      ]),
    ],
  );
  const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
  await publishFlow(pool, workspaceId, flow.id, { note: 'simulation', userId: null });
  const data = draft.nodes.find((node) => node.id === bestChannelNodeId)!.data as BestChannelNodeData;
  return { workspaceId, flowId: flow.id, data, steps: channelStepsOf(draft) };
}

/**
 * Runs the bestChannel policy through the database (see the module comment), in a workspace of
 * its own or in `target` (the demo's pilot flow).
 */
export async function simulateLearnedPolicy(
  pool: Pool,
  options: SimulationOptions,
  target?: SimulationTarget,
): Promise<LearnedRun> {
  const { workspaceId, flowId, data, steps } = target ?? (await simulationWorkspace(pool, options));
  const start = options.start ?? defaultStart;
  const state = { debtors: 0 };
  const debtorIds = new Map<number, string>();
  const run: LearnedRun = {
    workspaceId,
    flowId,
    decisions: [],
    decisionMs: [],
    trainingMs: [],
    modelVersions: 0,
  };
  for (let day = 0; day < options.days; day += 1) {
    const now = new Date(start.getTime() + day * dayMs);
    const trainingStarted = performance.now();
    const reports = await trainPolicies(pool, { now, workspaceId });
    run.trainingMs.push(performance.now() - trainingStarted);
    run.modelVersions += reports.filter((report) => report.version !== null).length;

    const cases = casesOfDay(options, day, state);
    const caseIds = await insertCases(pool, workspaceId, cases, debtorIds, now);
    const written = {
      messages: [] as unknown[],
      payments: [] as unknown[],
      events: [] as unknown[],
      decisions: [] as unknown[],
    };
    for (const [position, simulated] of cases.entries()) {
      const caseId = caseIds[position]!;
      const contact = contactOf(simulated.debtor, debtorIds.get(simulated.debtor.index)!);
      const started = performance.now();
      const decision = await decideBestChannel(pool, {
        workspaceId,
        flowId,
        nodeId: bestChannelNodeId,
        caseId,
        // Seeds the decision's random draws: the same simulation decides the same way every time.
        runId: `simulation-${options.seed}-${simulated.index}`,
        data,
        debtor: contact,
        settings: { timezone: 'Europe/Amsterdam', quietHours: null },
        now,
      });
      run.decisionMs.push(performance.now() - started);
      const result = decisionOf(options, day, simulated, decision.channel);
      run.decisions.push(result);
      written.decisions.push({
        case_id: caseId,
        model_version: decision.modelVersion,
        channel: decision.channel,
        reason: decision.reason,
        propensity: decision.propensity,
        reachable: decision.reachable,
      });
      // The case's timeline, as the runtime writes it: opened, the decision, the message, the payment.
      written.events.push({
        case_id: caseId,
        type: 'case.opened',
        occurred_at: new Date(now.getTime() - 60_000).toISOString(),
        source: 'import',
        payload: {},
      });
      written.events.push({
        case_id: caseId,
        type: 'flow.step',
        occurred_at: now.toISOString(),
        source: 'system',
        payload: {
          nodeId: bestChannelNodeId,
          nodeType: 'bestChannel',
          label: 'Best channel',
          handle: decision.channel ?? 'none',
          ...bestChannelTimelineDetail(decision),
        },
      });
      if (!decision.channel) continue;
      const outcome = outcomeOf(options.seed, simulated, decision.channel, decisionHour);
      const messageId = uuidFrom('message', options.seed, options.objective ?? 'payment', simulated.index);
      const recipient = recipientFor(decision.channel, contact);
      const step = steps[decision.channel];
      written.messages.push({
        id: messageId,
        case_id: caseId,
        debtor_id: contact.id,
        channel: decision.channel,
        node_id: decision.channel,
        template: step?.template ?? `reminder-${decision.channel}`,
        connector: step?.connector ?? 'sandbox',
        recipient: recipient.ok ? recipient.address : null,
        opened_at: outcome.opened ? new Date(now.getTime() + 2 * 3_600_000).toISOString() : null,
      });
      const about = {
        messageId,
        nodeId: decision.channel,
        channel: decision.channel,
        template: step?.template ?? null,
      };
      written.events.push({
        case_id: caseId,
        type: 'message.sent',
        occurred_at: now.toISOString(),
        source: 'connector',
        payload: about,
      });
      if (outcome.paid) {
        const paidAt = new Date(now.getTime() + outcome.days! * dayMs).toISOString();
        written.payments.push({ case_id: caseId, amount_minor: simulated.amountMinor, paid_at: paidAt });
        written.events.push({
          case_id: caseId,
          type: 'paylink.opened',
          occurred_at: new Date(now.getTime() + outcome.days! * dayMs - 300_000).toISOString(),
          source: 'debtor',
          payload: { device: simulated.debtor.device },
        });
        written.events.push({
          case_id: caseId,
          type: 'payment.received',
          occurred_at: paidAt,
          source: 'import',
          payload: { amountMinor: simulated.amountMinor, appliedMinor: simulated.amountMinor, via: 'bank transfer' },
        });
      }
    }
    await writeDay(pool, workspaceId, flowId, now, written);
  }
  return run;
}

async function insertCases(
  pool: Pool,
  workspaceId: string,
  cases: readonly SimulatedCase[],
  debtorIds: Map<number, string>,
  now: Date,
): Promise<string[]> {
  const fresh = new Map<number, SimulatedDebtor>();
  for (const simulated of cases)
    if (!debtorIds.has(simulated.debtor.index)) fresh.set(simulated.debtor.index, simulated.debtor);
  if (fresh.size > 0) {
    const rows = [...fresh.values()].map((debtor) => {
      const contact = contactOf(debtor, '');
      return {
        external_id: `SIM-${debtor.index}`,
        last_name: contact.name,
        language: debtor.language,
        email: contact.email,
        phone: contact.phone,
        consents: contact.consents,
        attributes: { age_band: debtor.ageBand },
      };
    });
    const { rows: inserted } = await pool.query<{ id: string; external_id: string }>(
      `insert into debtors (workspace_id, external_id, last_name, language, email, phone, address_line1, postal_code,
                            city, country_code, consents, attributes)
       select $1, r.external_id, r.last_name, r.language, r.email, r.phone, 'Dorpsstraat 1', '1234 AB', 'Utrecht', 'NL',
              r.consents, r.attributes
         from jsonb_to_recordset($2::jsonb) as r(external_id text, last_name text, language text, email text, phone text,
                                                 consents jsonb, attributes jsonb)
       returning id, external_id`,
      [workspaceId, JSON.stringify(rows)],
    );
    for (const row of inserted) debtorIds.set(Number(row.external_id.slice(4)), row.id);
  }
  const dueDate = new Date(now.getTime() - 14 * dayMs).toISOString().slice(0, 10);
  const issueDate = new Date(now.getTime() - 28 * dayMs).toISOString().slice(0, 10);
  const { rows } = await pool.query<{ id: string; ord: string }>(
    `with input as (
       select r.ord, r.debtor_id, r.amount_minor, r.invoice, gen_random_uuid() as case_id
         from rows from (jsonb_to_recordset($2::jsonb) as (debtor_id uuid, amount_minor bigint, invoice text))
              with ordinality as r(debtor_id, amount_minor, invoice, ord)
     ), new_cases as (
       -- Closed a month later (or now, if sooner): the simulation has played out the case, so
       -- nothing enrols it again.
       insert into cases (id, workspace_id, debtor_id, status, currency, opened_at, closed_at)
       select case_id, $1, debtor_id, 'closed', 'EUR', $3, least($3::timestamptz + interval '30 days', now()) from input
     ), new_invoices as (
       insert into invoices (workspace_id, debtor_id, case_id, external_id, amount_minor, open_amount_minor, currency,
                             issue_date, due_date)
       select $1, debtor_id, case_id, invoice, amount_minor, amount_minor, 'EUR', $4, $5 from input
     )
     select case_id as id, ord from input order by ord`,
    [
      workspaceId,
      JSON.stringify(
        cases.map((simulated) => ({
          debtor_id: debtorIds.get(simulated.debtor.index),
          amount_minor: simulated.amountMinor,
          invoice: `SIM-INV-${String(simulated.index + 1).padStart(6, '0')}`,
        })),
      ),
      now,
      issueDate,
      dueDate,
    ],
  );
  return rows.map((row) => row.id);
}

async function writeDay(
  pool: Pool,
  workspaceId: string,
  flowId: string,
  now: Date,
  written: { messages: unknown[]; payments: unknown[]; events: unknown[]; decisions: unknown[] },
): Promise<void> {
  await pool.query(
    `with messages_in as (
       select * from jsonb_to_recordset($3::jsonb) as m(id uuid, case_id uuid, debtor_id uuid, channel channel,
                                                        node_id text, template text, connector text, recipient text,
                                                        opened_at timestamptz)
     ), new_messages as (
       insert into messages (id, workspace_id, case_id, debtor_id, node_id, channel, connector, template, recipient, status,
                             created_at, sent_at, finished_at, opened_at)
       select m.id, $1, m.case_id, m.debtor_id, m.node_id, m.channel, m.connector, m.template, m.recipient,
              'delivered', $2, $2, $2, m.opened_at
         from messages_in m
     ), payments_in as (
       select * from jsonb_to_recordset($4::jsonb) as p(case_id uuid, amount_minor bigint, paid_at timestamptz)
     ), new_payments as (
       insert into payments (workspace_id, case_id, invoice_id, amount_minor, currency, paid_at, source)
       select $1, p.case_id, v.id, p.amount_minor, 'EUR', p.paid_at, 'connector'
         from payments_in p join invoices v on v.workspace_id = $1 and v.case_id = p.case_id
     ), new_events as (
       insert into events (workspace_id, case_id, type, occurred_at, source, payload)
       select $1, e.case_id, e.type, e.occurred_at, e.source, e.payload
         from jsonb_to_recordset($5::jsonb) as e(case_id uuid, type text, occurred_at timestamptz, source text, payload jsonb)
     )
     insert into ml_decisions (workspace_id, flow_id, node_id, case_id, run_id, model_version, channel, reason, propensity,
                               reachable, decided_at)
     select $1, $6, $7, d.case_id, d.case_id, d.model_version, d.channel, d.reason, d.propensity, d.reachable, $2
       from jsonb_to_recordset($8::jsonb) as d(case_id uuid, model_version integer, channel channel, reason text,
                                               propensity double precision, reachable channel[])`,
    [
      workspaceId,
      now,
      JSON.stringify(written.messages),
      JSON.stringify(written.payments),
      JSON.stringify(written.events),
      flowId,
      bestChannelNodeId,
      JSON.stringify(written.decisions),
    ],
  );
}
