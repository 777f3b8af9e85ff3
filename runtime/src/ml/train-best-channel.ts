/**
 * Training a bestChannel node's model: every message sent on one of its candidate channels in
 * the training window is an example — its features at the moment it went out, and whether its
 * case was paid within the node's reward window after it. Only messages whose reward window has
 * passed count (a message sent yesterday has not had its chance yet). A share of the examples,
 * chosen by a hash of the message and the seed, is held out to measure the model; the stored
 * model is then fitted on all of them. The same data and seed give the same model.
 */
import { activeFeatures, type Channel, DecisionContext, interceptFeature } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import type { BestChannelModel, HourCounts, SendTimeGroup } from './best-channel-model.ts';
import { decisionContextsSql } from './decision-contexts.ts';
import { defaultPrior, type FeatureGroup, fitLogistic, logit, predict } from './logistic-model.ts';
import { areaUnderCurve, logLoss, type Scored } from './offline-metrics.ts';
import { seedFrom } from './seeded-random.ts';

export interface TrainingSpec {
  workspaceId: string;
  flowId: string;
  nodeId: string;
  candidates: readonly Channel[];
  rewardWindowDays: number;
  /** The flow's time zone, for the hours of the send-time table. */
  timezone: string;
  now: Date;
  seed: number;
  /** How far back examples go. Default: 90 days. */
  windowDays?: number;
  /** At most this many examples, the most recent. Default: 200,000. */
  maxExamples?: number;
}

export interface ChannelMetrics {
  trials: number;
  successes: number;
  holdout: number;
  logLoss: number | null;
  baseRateLogLoss: number | null;
  auc: number | null;
}

export interface ModelMetrics {
  holdoutShare: number;
  holdout: number;
  logLoss: number | null;
  baseRateLogLoss: number | null;
  auc: number | null;
  channels: Partial<Record<Channel, ChannelMetrics>>;
}

export interface TrainedModel {
  windowStart: Date;
  windowEnd: Date;
  sampleSize: number;
  positives: number;
  model: BestChannelModel;
  metrics: ModelMetrics;
}

/** Fewer examples than this (or no payment among them) leave the node on its fallback order. */
export const minimumExamples = 50;
/** A feature must hold for this many examples to be learnt (rarer ones would only add noise). */
export const minimumFeatureSupport = 20;
const holdoutShare = 0.2;
const day = 86_400_000;

interface Example {
  id: string;
  channel: Channel;
  hour: number;
  paid: boolean;
  features: string[];
  group: SendTimeGroup;
}

const examplesSql = decisionContextsSql(`
  select row_number() over (order by s.sent_at, s.id) as ord, s.case_id, s.sent_at as at, s.id, s.channel, s.hour, s.paid
    from (select m.id, m.case_id, m.sent_at, m.channel::text as channel,
                 extract(hour from m.sent_at at time zone $6)::int as hour,
                 exists (select 1 from payments p
                          where p.workspace_id = $1 and p.case_id = m.case_id and p.paid_at > m.sent_at
                            and p.paid_at <= m.sent_at + $2 * interval '1 day') as paid
            from messages m
           where m.workspace_id = $1 and m.channel = any($3::channel[])
             and m.created_at < $5 and m.sent_at >= $4 and m.sent_at < $5
           order by m.sent_at desc limit $7) s`);

/** Reads the examples of the window and fits the model; null when there are too few. */
export async function trainBestChannel(db: Queryable, spec: TrainingSpec): Promise<TrainedModel | null> {
  const windowEnd = new Date(spec.now.getTime() - spec.rewardWindowDays * day);
  const windowStart = new Date(spec.now.getTime() - (spec.windowDays ?? 90) * day);
  if (windowEnd <= windowStart) return null;
  const { rows } = await db.query<{ id: string; channel: Channel; hour: number; paid: boolean; context: unknown }>(
    examplesSql,
    [
      spec.workspaceId,
      spec.rewardWindowDays,
      spec.candidates,
      windowStart,
      windowEnd,
      spec.timezone,
      spec.maxExamples ?? 200_000,
    ],
  );
  const examples: Example[] = rows.map((row) => {
    const context = DecisionContext.parse(row.context);
    return {
      id: row.id,
      channel: row.channel,
      hour: row.hour,
      paid: row.paid,
      features: activeFeatures(context),
      group: context.lastPaylinkDevice ?? 'unknown',
    };
  });
  const positives = examples.filter((example) => example.paid).length;
  if (examples.length < minimumExamples || positives === 0) return null;

  const features = vocabulary(examples);
  const position = new Map(features.map((name, index) => [name, index]));
  const indicesOf = (example: Example) =>
    [...new Set(example.features.map((name) => position.get(name)).filter((index) => index !== undefined))].sort(
      (a, b) => a - b,
    );
  const holdout = (example: Example) => seedFrom(spec.seed, example.id) / 4_294_967_296 < holdoutShare;
  const prior = { ...defaultPrior, interceptMean: logit(positives / examples.length) };

  const channels: BestChannelModel['channels'] = {};
  const metrics: ModelMetrics = {
    holdoutShare,
    holdout: 0,
    logLoss: null,
    baseRateLogLoss: null,
    auc: null,
    channels: {},
  };
  const allScored: Scored[] = [];
  const allBaseline: Scored[] = [];
  for (const channel of spec.candidates) {
    const ofChannel = examples.filter((example) => example.channel === channel);
    if (ofChannel.length === 0) continue;
    const training = ofChannel.filter((example) => !holdout(example));
    const held = ofChannel.filter(holdout);
    const trainingRate = rate(training);
    const measured = fitLogistic(group(training, indicesOf), features.length, prior);
    const scored = held.map((example) => ({ predicted: predict(measured, indicesOf(example)), paid: example.paid }));
    const baseline = held.map((example) => ({ predicted: trainingRate, paid: example.paid }));
    allScored.push(...scored);
    allBaseline.push(...baseline);
    const successes = ofChannel.filter((example) => example.paid).length;
    metrics.channels[channel] = {
      trials: ofChannel.length,
      successes,
      holdout: held.length,
      logLoss: logLoss(scored),
      baseRateLogLoss: logLoss(baseline),
      auc: areaUnderCurve(scored),
    };
    channels[channel] = {
      ...fitLogistic(group(ofChannel, indicesOf), features.length, prior),
      trials: ofChannel.length,
      successes,
    };
  }
  metrics.holdout = allScored.length;
  metrics.logLoss = logLoss(allScored);
  metrics.baseRateLogLoss = logLoss(allBaseline);
  metrics.auc = areaUnderCurve(allScored);

  return {
    windowStart,
    windowEnd,
    sampleSize: examples.length,
    positives,
    model: { features, channels, sendTimes: sendTimeCounts(examples, spec.candidates) },
    metrics,
  };
}

/** The intercept, then every feature with enough support, by name (a stable order). */
function vocabulary(examples: readonly Example[]): string[] {
  const support = new Map<string, number>();
  for (const example of examples) {
    for (const feature of new Set(example.features)) support.set(feature, (support.get(feature) ?? 0) + 1);
  }
  const learnt = [...support]
    .filter(([feature, count]) => feature !== interceptFeature && count >= minimumFeatureSupport)
    .map(([feature]) => feature)
    .sort();
  return [interceptFeature, ...learnt];
}

function group(examples: readonly Example[], indicesOf: (example: Example) => number[]): FeatureGroup[] {
  const groups = new Map<string, FeatureGroup & { trials: number; successes: number }>();
  for (const example of examples) {
    const features = indicesOf(example);
    const key = features.join(',');
    const existing = groups.get(key) ?? { features, trials: 0, successes: 0 };
    existing.trials += 1;
    if (example.paid) existing.successes += 1;
    groups.set(key, existing);
  }
  return [...groups.values()];
}

function rate(examples: readonly Example[]): number {
  return (examples.filter((example) => example.paid).length + 1) / (examples.length + 2);
}

function sendTimeCounts(examples: readonly Example[], candidates: readonly Channel[]): BestChannelModel['sendTimes'] {
  const counts: BestChannelModel['sendTimes'] = {};
  for (const channel of candidates) {
    const byGroup: Partial<Record<SendTimeGroup, HourCounts[]>> = {};
    for (const example of examples) {
      if (example.channel !== channel) continue;
      const hours = byGroup[example.group] ?? Array.from({ length: 24 }, () => ({ trials: 0, successes: 0 }));
      byGroup[example.group] = hours;
      hours[example.hour]!.trials += 1;
      if (example.paid) hours[example.hour]!.successes += 1;
    }
    if (Object.keys(byGroup).length > 0) counts[channel] = byGroup;
  }
  return counts;
}

/** Stores a trained model as the node's next version; returns the version. */
export async function saveModel(
  db: Queryable,
  spec: Pick<TrainingSpec, 'workspaceId' | 'flowId' | 'nodeId' | 'rewardWindowDays' | 'seed'>,
  trained: TrainedModel,
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `insert into ml_models (workspace_id, flow_id, node_id, version, window_start, window_end, reward_window_days,
                            seed, sample_size, positives, model, metrics)
     select $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11
       from ml_models where workspace_id = $1 and flow_id = $2 and node_id = $3
     returning version`,
    [
      spec.workspaceId,
      spec.flowId,
      spec.nodeId,
      trained.windowStart,
      trained.windowEnd,
      spec.rewardWindowDays,
      spec.seed,
      trained.sampleSize,
      trained.positives,
      JSON.stringify(trained.model),
      JSON.stringify(trained.metrics),
    ],
  );
  return rows[0]!.version;
}
