/**
 * A bestChannel node's decision for one case, as the flow runtime (and the ML benchmark, on its
 * simulated clock) makes it: the node's policy state, the case's features now, the connectors'
 * costs when the objective needs them, then {@link chooseChannel} and, when the node picks send
 * times, {@link chooseSendTime}. Seeded by the run, the node and the model version, so the same
 * case at the same node with the same model gets the same answer.
 */
import { activeFeatures, type BestChannelNodeData, type Channel, type FlowSettings } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import type { DebtorContact } from '../flows/run-snapshot.ts';
import { recipientFor } from '../outbox/recipient.ts';
import { type ChannelChoice, chooseChannel } from './choose-channel.ts';
import { chooseSendTime, type SendTimeChoice } from './choose-send-time.ts';
import { readDecisionContexts } from './decision-contexts.ts';
import { messageCostsMinor, type PolicyKey, readPolicyState } from './policy-state.ts';
import { seededRandom, seedFrom } from './seeded-random.ts';

export interface BestChannelDecision extends ChannelChoice {
  /** When the node chooses send times and the chosen hour is later than now. */
  sendAt: SendTimeChoice | null;
  /** The candidates the case could receive, in fallback order. */
  reachable: Channel[];
}

export interface DecisionInput extends PolicyKey {
  caseId: string;
  runId: string;
  data: BestChannelNodeData;
  debtor: DebtorContact;
  settings: Pick<FlowSettings, 'quietHours' | 'timezone'>;
  now: Date;
}

export async function decideBestChannel(db: Queryable, input: DecisionInput): Promise<BestChannelDecision> {
  const { data } = input;
  const reachable = data.candidates.filter((channel) => recipientFor(channel, input.debtor).ok);
  const state = await readPolicyState(db, input);
  const learning = state.mode === 'learned' && state.model !== null && reachable.length > 0;
  const [context] = learning
    ? await readDecisionContexts(db, input.workspaceId, data.rewardWindowDays, [
        { caseId: input.caseId, at: input.now },
      ])
    : [];
  const costMinor =
    learning && data.objective === 'amountMinusCost' ? await messageCostsMinor(db, input.workspaceId) : {};
  const random = seededRandom(seedFrom(input.runId, input.nodeId, state.model?.version ?? 0));
  const choice = chooseChannel({
    candidates: data.candidates,
    reachable: (channel) => reachable.includes(channel),
    mode: state.mode,
    model: state.model,
    features: context ? activeFeatures(context) : [],
    explorationRate: data.explorationRate,
    objective: data.objective,
    amountMinor: context?.amountMinor ?? 0,
    costMinor,
    random,
  });
  let sendAt: SendTimeChoice | null = null;
  if (data.chooseSendTime && choice.channel && state.model && state.mode === 'learned') {
    const group = context?.lastPaylinkDevice ?? 'unknown';
    const chosen = chooseSendTime({
      now: input.now,
      settings: input.settings,
      channel: choice.channel,
      counts: state.model.model.sendTimes[choice.channel]?.[group],
      random,
    });
    if (chosen.at.getTime() > input.now.getTime()) sendAt = chosen;
  }
  return { ...choice, sendAt, reachable };
}
