/**
 * One line under each step on the canvas saying what it does with this data ("Wait 3 days",
 * "Template reminder-1"). A summary per node type, checked against the catalog so a new type
 * cannot be forgotten; data that does not parse yet says so instead.
 */
import {
  awaitableEventLabels,
  describeWait,
  type FlowNodeOf,
  type FlowNodeType,
  isFlowNodeType,
  languageNames,
  nodeCatalog,
  plural,
} from '@collectflow/shared';
import { channelDisplay } from '../templates/channel-display.ts';
import { describeRule } from './condition-tree.ts';

type Summaries = { [Type in FlowNodeType]: (data: FlowNodeOf<Type>['data']) => string };

const channelSummary = (data: { template: string; connector: string }) =>
  `Template ${data.template}${data.connector === 'sandbox' ? '' : ` via ${data.connector}`}`;

export const nodeSummaries = {
  entry: (data) => `${describeRule(data.segment)}${data.reEntry === 'afterExit' ? ' · may enter again' : ''}`,
  filter: (data) => describeRule(data.condition, 'Always yes'),
  preferredChannel: () => 'By the debtor’s preferred channel',
  email: channelSummary,
  sms: channelSummary,
  letter: channelSummary,
  voice: (data) =>
    `${channelSummary(data)} · ${data.voice} voice${data.language ? `, ${languageNames[data.language]}` : ''}`,
  wait: (data) => `Wait ${describeWait(data)}`,
  waitFor: (data) =>
    `Until ${data.events.map((event) => awaitableEventLabels[event]).join(' or ')}, at most ${plural(data.timeout.amount, data.timeout.unit.replace(/s$/, ''))}`,
  abSplit: (data) =>
    data.shiftToWinner
      ? `${data.variants.map((variant) => variant.label).join(' vs ')} · traffic shifts to the winner (at least ${data.shiftToWinner.minimumShare} % each)`
      : data.variants.map((variant) => `${variant.label} ${variant.weight} %`).join(' · '),
  bestChannel: (data) =>
    `Learns the best of ${data.candidates.map((channel) => channelDisplay[channel].label).join(', ')}${data.chooseSendTime ? ' and the hour' : ''}`,
  action: (data) => {
    switch (data.kind) {
      case 'setDunningLevel':
        return `Set dunning level to ${data.level}`;
      case 'addFee':
        return `Add fee “${data.description}” of €${(data.amountMinor / 100).toFixed(2)}`;
      case 'notifyErp':
        return `Notify the ERP: ${data.topic.replaceAll('_', ' ')}`;
      case 'handOver':
        return `Hand over to ${data.agency}`;
    }
  },
  exit: (data) => `Reason: ${data.reason.replaceAll('_', ' ')}`,
} satisfies Summaries;

/** The summary of a step, or what is missing when its data is not complete yet. */
export function summarise(type: string, data: unknown): string {
  if (!isFlowNodeType(type)) return 'A step type this version of Collectflow does not know';
  const parsed = nodeCatalog[type].data.safeParse(data);
  if (!parsed.success) return 'Settings incomplete — open the step to finish them';
  return (nodeSummaries[type] as (value: unknown) => string)(parsed.data);
}
