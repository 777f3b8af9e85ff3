import { toFlowDefinition } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { exampleFlow } from '../../demo/example-flows.ts';
import { seededRandom } from '../../ml/seeded-random.ts';
import { defaultResponseModel, walkCase } from './walk-case.ts';

const result = toFlowDefinition(exampleFlow('de-b2c-three-level'));
if (!result.ok) throw new Error('the example flow is valid');
const definition = result.definition;
const run = (index: number) => ({
  id: `run-${index}`,
  caseId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  flowId: 'flow',
  flowName: 'DE',
  version: 1,
});
const entered = new Date('2026-03-02T08:00:00Z');

/** A walk without its random message ids. */
function shapeOf(index: number, seed: number, model = defaultResponseModel) {
  const walk = walkCase(definition, run(index), entered, seededRandom(seed), model);
  return {
    ...walk,
    messages: walk.messages.map(({ id: _, ...message }) => message),
    events: walk.events.map((event) => ({ ...event, payload: { ...event.payload, messageId: undefined } })),
  };
}

describe('walkCase', () => {
  it('is reproducible from its seed', () => {
    for (let index = 0; index < 50; index += 1) expect(shapeOf(index, index)).toEqual(shapeOf(index, index));
  });

  it('follows the flow: entered first, steps in time order, ended at an exit or paid', () => {
    for (let index = 0; index < 200; index += 1) {
      const walk = shapeOf(index, 1000 + index);
      expect(walk.events[0]!.type).toBe('flow.entered');
      expect(walk.events.at(-1)!.type).toBe('flow.exited');
      const steps = walk.events.filter((event) => event.type === 'flow.step');
      for (let at = 1; at < steps.length; at += 1) {
        expect(steps[at]!.at.getTime()).toBeGreaterThanOrEqual(steps[at - 1]!.at.getTime());
      }
      if (walk.exitReason === 'paid') expect(walk.paidAt!.getTime()).toBe(walk.finishedAt.getTime());
      else expect(['handed_over', 'small_balance', 'needs_review']).toContain(walk.exitReason);
    }
  });

  it('pays more often where the model says so: never without a chance, often with a sure one', () => {
    const never = {
      ...defaultResponseModel,
      channels: Object.fromEntries(
        Object.entries(defaultResponseModel.channels).map(([channel, response]) => [
          channel,
          { ...response, payChance: 0 },
        ]),
      ) as typeof defaultResponseModel.channels,
    };
    const sure = {
      ...defaultResponseModel,
      channels: Object.fromEntries(
        Object.entries(defaultResponseModel.channels).map(([channel, response]) => [
          channel,
          { ...response, payChance: 1 },
        ]),
      ) as typeof defaultResponseModel.channels,
    };
    const paid = (model: typeof defaultResponseModel) =>
      Array.from({ length: 100 }, (_, index) => shapeOf(index, index, model)).filter((walk) => walk.paidAt).length;
    expect(paid(never)).toBe(0);
    expect(paid(sure)).toBeGreaterThan(90);
  });
});
