/**
 * Evaluates a segment rule in JavaScript with `json-logic-js`, for one case at a time (a flow's
 * filter node, a live preview). Rules are checked by `analyseSegmentRule` before they are saved
 * into a published flow; the SQL compiler gives the same answer for the same facts.
 */
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import type { SegmentFacts } from './segment-fields.ts';

/** Whether `facts` match `rule`. A `null` rule (no segment) matches every case. */
export function evaluateSegment(rule: unknown, facts: SegmentFacts): boolean {
  if (rule === null || rule === undefined) return true;
  return jsonLogic.truthy(jsonLogic.apply(rule as RulesLogic, facts));
}
