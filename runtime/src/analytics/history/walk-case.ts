/**
 * One simulated case through a published flow: which steps it passed, which messages went out
 * when, whether and when the debtor paid. Deterministic for a given random source. The response
 * model is simple and documented: each message sent may lead to a payment with a probability and
 * a mean delay per channel (SMS and calls fast, letters slow — the seeds' shape), and the second
 * variant of each A/B split pays a configurable factor more often, so A/B results have something
 * to find.
 */
import { randomUUID } from 'node:crypto';
import {
  type Channel,
  channelNodeTypes,
  type FlowDefinition,
  type FlowNode,
  handlesOf,
  pickVariant,
} from '@collectflow/shared';

export interface ResponseModel {
  /** Chance that a message on the channel leads to payment, and the mean hours until it does. */
  channels: Record<Channel, { payChance: number; meanHours: number }>;
  /** Pay chances of cases in the second (third, …) variant of an A/B split are multiplied by this. */
  laterVariantFactor: number;
  /** Chance that a send fails (no address, bounce). */
  failChance: number;
}

export const defaultResponseModel: ResponseModel = {
  channels: {
    email: { payChance: 0.1, meanHours: 30 },
    sms: { payChance: 0.14, meanHours: 8 },
    voice: { payChance: 0.16, meanHours: 6 },
    letter: { payChance: 0.12, meanHours: 100 },
  },
  laterVariantFactor: 1.3,
  failChance: 0.04,
};

export interface WalkEvent {
  type: string;
  at: Date;
  payload: Record<string, unknown>;
}

export interface WalkMessage {
  id: string;
  nodeId: string;
  channel: Channel;
  template: string;
  connector: string;
  at: Date;
  failed: boolean;
}

export interface WalkResult {
  events: WalkEvent[];
  messages: WalkMessage[];
  /** Where the run ended (an exit, the action that handed the case over, the step it waited at when paid). */
  nodeId: string;
  steps: number;
  finishedAt: Date;
  status: 'completed' | 'exited';
  exitReason: string;
  paidAt: Date | null;
  handedOverAt: Date | null;
}

const hour = 3_600_000;
const unitMs = { minutes: 60_000, hours: hour, days: 24 * hour, weeks: 7 * 24 * hour } as const;

export function walkCase(
  definition: FlowDefinition,
  run: { id: string; caseId: string; flowId: string; flowName: string; version: number },
  enteredAt: Date,
  random: () => number,
  model: ResponseModel = defaultResponseModel,
  options: { detailed: boolean } = { detailed: true },
): WalkResult {
  const events: WalkEvent[] = [];
  const messages: WalkMessage[] = [];
  let now = enteredAt;
  let paidAt: Date | null = null;
  let factor = 1;
  let steps = 0;
  const record = (type: string, at: Date, payload: Record<string, unknown>) => events.push({ type, at, payload });
  record('flow.entered', now, { runId: run.id, flowId: run.flowId, flowName: run.flowName, version: run.version });

  const paidBy = (until: Date) => paidAt !== null && paidAt <= until;
  /** The run ends at `node` at `at`: recorded on the timeline, and the walk's result. */
  const ended = (node: FlowNode, at: Date, status: WalkResult['status'], reason: string): WalkResult => {
    record('flow.exited', at, { runId: run.id, nodeId: node.id, reason });
    const handedOver = reason === 'handed_over';
    return {
      events,
      messages,
      nodeId: node.id,
      steps,
      finishedAt: at,
      status,
      exitReason: reason,
      paidAt: handedOver ? null : paidAt,
      handedOverAt: handedOver ? at : null,
    };
  };
  const endPaid = (node: FlowNode): WalkResult => ended(node, paidAt!, 'exited', 'paid');

  let node: FlowNode = definition.entry;
  for (let guard = 0; guard < 200; guard += 1) {
    if (paidBy(now)) return endPaid(node);
    const type = node.type;
    let handle: string;
    if (type === 'exit') {
      return ended(node, now, 'completed', (node.data as { reason?: string }).reason ?? 'completed');
    }
    if ((channelNodeTypes as readonly string[]).includes(type)) {
      const channel = type as Channel;
      const data = node.data as { template: string; connector?: string };
      const failed = random() < model.failChance;
      const messageId = randomUUID();
      const about = { messageId, nodeId: node.id, channel, template: data.template };
      messages.push({
        id: messageId,
        nodeId: node.id,
        channel,
        template: data.template,
        connector: data.connector ?? 'sandbox',
        at: now,
        failed,
      });
      if (!failed) {
        record('message.sent', now, about);
        if (options.detailed && channel === 'email' && random() < 0.45) {
          record('message.opened', new Date(now.getTime() + random() * 6 * hour), about);
        }
        const response = model.channels[channel];
        if (paidAt === null && random() < response.payChance * factor) {
          paidAt = new Date(now.getTime() - Math.log(1 - random()) * response.meanHours * hour);
        }
      } else if (options.detailed) {
        record('message.failed', now, { ...about, reason: 'The recipient’s server refused the message.' });
      }
      handle = failed ? 'failed' : 'sent';
    } else if (type === 'abSplit') {
      const variants = (node.data as { variants: Array<{ id: string; label: string; weight: number }> }).variants;
      const variant = pickVariant(run.caseId, node.id, variants);
      if (variants.indexOf(variant) > 0) factor *= model.laterVariantFactor;
      handle = variant.id;
    } else if (type === 'wait' || type === 'waitFor') {
      const data = node.data as {
        kind?: string;
        amount?: number;
        unit?: keyof typeof unitMs;
        timeout?: { amount: number; unit: keyof typeof unitMs };
      };
      const span =
        type === 'waitFor'
          ? data.timeout!.amount * unitMs[data.timeout!.unit]
          : data.kind === 'duration'
            ? (data.amount ?? 0) * unitMs[data.unit ?? 'days']
            : (1 + Math.floor(random() * 7)) * unitMs.days;
      const until = new Date(now.getTime() + span);
      if (options.detailed) {
        record('flow.waiting', now, {
          runId: run.id,
          nodeId: node.id,
          nodeType: type,
          until: until.toISOString(),
          reason: 'wait',
        });
      }
      if (paidBy(until)) return endPaid(node);
      // A wait for a reaction ends early when the debtor reacts (opens the paylink) now and then.
      if (type === 'waitFor' && random() < 0.12) {
        now = new Date(now.getTime() + random() * span);
        handle = 'event';
      } else {
        now = until;
        handle = type === 'waitFor' ? 'timeout' : 'out';
      }
    } else if (type === 'action' && (node.data as { kind: string }).kind === 'handOver') {
      steps += 1;
      record('case.handed_over', now, { runId: run.id, nodeId: node.id });
      return ended(node, now, 'completed', 'handed_over');
    } else if (type === 'filter') {
      handle = random() < 0.7 ? 'yes' : 'no';
    } else {
      const handles = handlesOf(node);
      handle = handles[Math.floor(random() * handles.length)]!.id;
    }
    steps += 1;
    record('flow.step', now, { runId: run.id, nodeId: node.id, nodeType: type, label: node.label ?? null, handle });
    const next = definition.next(node.id, handle);
    if (!next) throw new Error(`Nothing follows the “${handle}” output of ${node.id}`);
    node = next;
  }
  throw new Error(`The simulated case did not reach an exit of “${run.flowName}” within 200 steps`);
}
