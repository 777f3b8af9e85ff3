/**
 * The designer's "Test run": steps one case through a draft without writing anything. Nodes
 * decide as the run engine does — the same segment evaluation, the same sticky A/B choice, the
 * same recipient and consent rules — but channels send nothing (a message that could go is
 * taken as `sent`), waits are skipped, and a "wait for reaction" takes its timeout (nothing
 * happens in a dry run). Actions change the facts later conditions read, not the case.
 */
import {
  type Channel,
  type DryRunResult,
  type DryRunStep,
  describeWait,
  dryRunStepLimit,
  evaluateSegment,
  type FlowDefinition,
  type FlowNode,
  type FlowProblem,
  formatMoney,
  pickVariant,
  plural,
  preferredChannelHandle,
  type SegmentFacts,
  segmentFactsFromRow,
  todayIn,
  toFlowDefinition,
} from '@collectflow/shared';
import { caseNotFound } from '../cases/case-queries.ts';
import { connectorKeysOf } from '../connectors/connector-configs.ts';
import type { Queryable } from '../db/pool.ts';
import { recipientFor } from '../outbox/recipient.ts';
import { loadSegmentFacts } from '../segments/case-facts.ts';
import { publishedTemplateKeys } from '../templates/template-queries.ts';
import { type DebtorContact, debtorContactJson } from './run-snapshot.ts';

interface Decision {
  handle: string | null;
  summary: string;
  exitReason?: string;
}

const channelWords: Record<Channel, string> = { email: 'e-mail', sms: 'SMS', letter: 'letter', voice: 'phone call' };

function decide(node: FlowNode, facts: SegmentFacts, debtor: DebtorContact, caseId: string): Decision {
  switch (node.type) {
    case 'entry':
      return { handle: 'out', summary: 'The case matches the Start segment and enters the flow.' };
    case 'filter': {
      const matches = evaluateSegment(node.data.condition, facts);
      return {
        handle: matches ? 'yes' : 'no',
        summary: `The condition is ${matches ? 'true' : 'false'} for this case.`,
      };
    }
    case 'preferredChannel': {
      const handle = preferredChannelHandle(facts);
      return {
        handle,
        summary:
          handle === 'none'
            ? 'The debtor has no preferred channel.'
            : `The debtor prefers ${channelWords[handle as Channel]}.`,
      };
    }
    case 'email':
    case 'sms':
    case 'letter':
    case 'voice': {
      const recipient = recipientFor(node.type, debtor);
      const what = `${channelWords[node.type]} “${node.data.template}”`;
      return recipient.ok
        ? { handle: 'sent', summary: `Would send the ${what} to ${recipient.address.split('\n').join(', ')}.` }
        : { handle: 'failed', summary: `Cannot send the ${what}: ${recipient.reason}.` };
    }
    case 'wait':
      return { handle: 'out', summary: `Would wait ${describeWait(node.data)} (skipped in a test run).` };
    case 'waitFor': {
      const { amount, unit } = node.data.timeout;
      return {
        handle: 'timeout',
        summary: `Would wait up to ${plural(amount, unit.replace(/s$/, ''))} for a reaction; none comes in a test run.`,
      };
    }
    case 'abSplit': {
      const variant = pickVariant(caseId, node.id, node.data.variants);
      return { handle: variant.id, summary: `Gets variant “${variant.label}” (${variant.weight} % of cases).` };
    }
    case 'bestChannel': {
      const channel = node.data.candidates.find((candidate) => recipientFor(candidate, debtor).ok);
      return channel
        ? {
            handle: channel,
            summary: `The learned policy picks the channel when the case runs; a test run takes the first the debtor can receive: ${channelWords[channel]}.`,
          }
        : { handle: 'none', summary: 'The debtor can receive none of the candidate channels.' };
    }
    case 'action':
      if (node.data.kind === 'setDunningLevel') {
        facts.case.dunning_level = node.data.level;
        return { handle: 'out', summary: `Would set the dunning level to ${node.data.level}.` };
      }
      if (node.data.kind === 'notifyErp') {
        return { handle: 'out', summary: `Would notify the ERP (“${node.data.topic}”) through its webhooks.` };
      }
      if (node.data.kind === 'handOver') {
        return {
          handle: null,
          summary: `Would hand the case over to ${node.data.agency}, close it and send the case file through the webhooks.`,
          exitReason: 'handed_over',
        };
      }
      facts.case.total_open_amount = Number(facts.case.total_open_amount ?? 0) + node.data.amountMinor;
      return {
        handle: 'out',
        summary: `Would add the fee “${node.data.description}” of ${formatMoney({ amountMinor: node.data.amountMinor, currency: String(facts.case.currency ?? 'EUR') }, 'en-GB')}.`,
      };
    case 'exit':
      return { handle: null, summary: `Leaves the flow (${node.data.reason}).`, exitReason: node.data.reason };
  }
}

/** Follows one case through a validated flow definition. */
export function traceCase(
  definition: FlowDefinition,
  facts: SegmentFacts,
  debtor: DebtorContact,
  caseId: string,
): Pick<DryRunResult, 'outcome' | 'exitReason' | 'steps'> {
  const { entry, graph } = definition;
  if (entry.data.segment !== null && !evaluateSegment(entry.data.segment, facts)) {
    return {
      outcome: 'not_entered',
      exitReason: null,
      steps: [{ nodeId: entry.id, handle: null, edgeId: null, summary: 'The case does not match the Start segment.' }],
    };
  }
  const edgeOf = new Map(graph.edges.map((edge) => [`${edge.source}\u0000${edge.sourceHandle}`, edge.id]));
  const steps: DryRunStep[] = [];
  let node: FlowNode | undefined = entry;
  while (node && steps.length < dryRunStepLimit) {
    const decision = decide(node, facts, debtor, caseId);
    const edgeId = decision.handle === null ? null : (edgeOf.get(`${node.id}\u0000${decision.handle}`) ?? null);
    steps.push({ nodeId: node.id, handle: decision.handle, edgeId, summary: decision.summary });
    if (decision.handle === null) return { outcome: 'exited', exitReason: decision.exitReason ?? null, steps };
    node = definition.next(node.id, decision.handle);
  }
  return { outcome: 'step_limit', exitReason: null, steps };
}

async function loadDebtorOfCase(db: Queryable, workspaceId: string, caseId: string): Promise<DebtorContact | null> {
  const { rows } = await db.query<{ debtor: DebtorContact }>(
    `select ${debtorContactJson} as debtor
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, caseId],
  );
  return rows[0]?.debtor ?? null;
}

/** A dry run of `draft` for one case of the workspace. */
export async function dryRunFlow(
  db: Queryable,
  workspaceId: string,
  input: { draft: unknown; caseId: string; now?: Date },
): Promise<DryRunResult> {
  const [debtor, row, templates, connectors] = await Promise.all([
    loadDebtorOfCase(db, workspaceId, input.caseId),
    loadSegmentFacts(db, workspaceId, input.caseId),
    publishedTemplateKeys(db, workspaceId),
    connectorKeysOf(db, workspaceId),
  ]);
  if (!debtor || !row) throw caseNotFound(input.caseId);
  const base = { caseId: input.caseId, debtorName: debtor.name };
  const checked = toFlowDefinition(input.draft, { connectors, templates });
  if (!checked.ok) {
    const problems: FlowProblem[] = checked.problems;
    return { ...base, outcome: 'invalid', exitReason: null, steps: [], problems };
  }
  const timezone = checked.definition.graph.settings.timezone;
  const facts = segmentFactsFromRow(row, todayIn(timezone, input.now ?? new Date()));
  return { ...base, ...traceCase(checked.definition, facts, debtor, input.caseId), problems: [] };
}
