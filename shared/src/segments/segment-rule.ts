/**
 * Segment rules: JsonLogic conditions over the documented segment fields. A rule is checked
 * once ({@link analyseSegmentRule}) into a typed condition tree, which the SQL compiler
 * translates; JavaScript evaluates the original rule with `json-logic-js`.
 *
 * Only a typed subset of JsonLogic is accepted — the one whose meaning is the same in JavaScript
 * and in SQL: `and`, `or`, `!`, comparisons of one field with one value (`==`, `!=`, `===`,
 * `!==`, `<`, `<=`, `>`, `>=`, and the between form `{"<": [low, field, high]}`), `in` with a
 * list of values, and `in` for "text contains". Anything else is refused with a message that
 * says where and why, never approximated.
 */
import { z } from 'zod';
import { type ResolvedSegmentField, resolveSegmentField, type SegmentField } from './segment-fields.ts';

/** A JsonLogic rule as saved in a flow: any JSON value, checked by {@link analyseSegmentRule}. */
export const SegmentRule = z.json();
export type SegmentRule = z.infer<typeof SegmentRule>;

export type Literal = string | number | boolean | null;

/** What a comparison reads: a catalog field or a debtor attribute. */
export type Operand = ResolvedSegmentField;

export type SegmentCondition =
  | { kind: 'const'; value: boolean }
  | { kind: 'all' | 'any'; conditions: SegmentCondition[] }
  | { kind: 'not'; condition: SegmentCondition }
  | { kind: 'isTrue'; field: SegmentField }
  | { kind: 'equals'; operand: Operand; value: Literal; negated: boolean }
  | { kind: 'order'; field: SegmentField; op: OrderOperator; value: number | string }
  | { kind: 'inList'; operand: Operand; values: Array<string | number | boolean> }
  | { kind: 'contains'; field: SegmentField; needle: string };

export type OrderOperator = '<' | '<=' | '>' | '>=';

export interface SegmentRuleProblem {
  /** Where in the rule, e.g. `and[1].<`; empty for the whole rule. */
  path: string;
  message: string;
}

export type AnalysedSegmentRule =
  | { ok: true; condition: SegmentCondition }
  | { ok: false; problems: SegmentRuleProblem[] };

export const supportedSegmentOperators = [
  'and',
  'or',
  '!',
  '==',
  '!=',
  '===',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'var',
] as const;

const equalityOperators = new Set(['==', '!=', '===', '!==']);
const orderOperators = new Set<string>(['<', '<=', '>', '>=']);
const flipped: Record<OrderOperator, OrderOperator> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
/** Half of a UTF-16 surrogate pair without its other half: not text (the database would store U+FFFD). */
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed Unicode (`String.prototype.isWellFormed`, which ES2023 lacks). */
export function isWellFormedText(value: string): boolean {
  return !unpairedSurrogate.test(value);
}

/** Checks a rule and returns its typed condition tree, or every problem found. */
export function analyseSegmentRule(rule: unknown): AnalysedSegmentRule {
  const problems: SegmentRuleProblem[] = [];
  const condition = new RuleReader(problems).condition(rule, '');
  return problems.length === 0 && condition ? { ok: true, condition } : { ok: false, problems };
}

/** The fields a rule reads (for showing which data a segment depends on). */
export function fieldsOfCondition(condition: SegmentCondition): string[] {
  switch (condition.kind) {
    case 'const':
      return [];
    case 'all':
    case 'any':
      return [...new Set(condition.conditions.flatMap(fieldsOfCondition))];
    case 'not':
      return fieldsOfCondition(condition.condition);
    case 'isTrue':
    case 'order':
    case 'contains':
      return [condition.field.name];
    case 'equals':
    case 'inList':
      return [operandName(condition.operand)];
  }
}

export function operandName(operand: Operand): string {
  return operand.kind === 'field' ? operand.field.name : operand.name;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text "${value}"`;
  return `the ${typeof value} ${String(value)}`;
}

function at(path: string, next: string): string {
  return path ? `${path}.${next}` : next;
}

class RuleReader {
  constructor(private readonly problems: SegmentRuleProblem[]) {}

  private problem(path: string, message: string): null {
    this.problems.push({ path, message });
    return null;
  }

  condition(rule: unknown, path: string): SegmentCondition | null {
    if (typeof rule === 'boolean') return { kind: 'const', value: rule };
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      return this.problem(path, `Expected a condition here, found ${describe(rule)}.`);
    }
    const keys = Object.keys(rule);
    if (keys.length !== 1) {
      return this.problem(
        path,
        `A condition is an object with exactly one operator, such as {"==": [...]}; found ${keys.length === 0 ? 'none' : `${keys.length} keys (${keys.join(', ')})`}.`,
      );
    }
    const op = keys[0]!;
    const raw = (rule as Record<string, unknown>)[op];
    const args = Array.isArray(raw) ? raw : [raw];
    const here = at(path, op);
    if (op === 'and' || op === 'or') {
      if (args.length === 0) return this.problem(here, `"${op}" needs at least one condition.`);
      const conditions = args.map((arg, index) => this.condition(arg, `${here}[${index}]`));
      if (conditions.some((entry) => entry === null)) return null;
      return { kind: op === 'and' ? 'all' : 'any', conditions: conditions as SegmentCondition[] };
    }
    if (op === '!') {
      if (args.length !== 1) return this.problem(here, `"!" takes exactly one condition, found ${args.length}.`);
      const inner = this.condition(args[0], `${here}[0]`);
      return inner && { kind: 'not', condition: inner };
    }
    if (op === 'var') {
      const operand = this.operand(rule, path);
      if (!operand) return null;
      if (operand.kind === 'field' && operand.field.type === 'boolean') return { kind: 'isTrue', field: operand.field };
      return this.problem(
        path,
        `"${operandName(operand)}" is not a yes/no field; compare it with a value, e.g. {"==": [{"var": "${operandName(operand)}"}, ...]}.`,
      );
    }
    if (equalityOperators.has(op)) return this.equality(op, args, here);
    if (orderOperators.has(op)) return this.order(op as OrderOperator, args, here);
    if (op === 'in') return this.membership(args, here);
    return this.problem(
      here,
      `The operator "${op}" is not supported in segment rules. Use one of: ${supportedSegmentOperators.join(', ')}.`,
    );
  }

  /** `{"var": "name"}` or `{"var": ["name"]}`; returns null (with a problem) for anything else. */
  private operand(value: unknown, path: string): Operand | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !('var' in value)) return null;
    if (Object.keys(value).length !== 1) return this.problem(path, 'A field reference is {"var": "name"} alone.');
    const raw = (value as { var: unknown }).var;
    const args = Array.isArray(raw) ? raw : [raw];
    if (args.length !== 1) {
      return this.problem(at(path, 'var'), 'Default values in {"var": [name, default]} are not supported.');
    }
    const name = args[0];
    if (typeof name !== 'string' || name === '') {
      return this.problem(at(path, 'var'), 'A field reference needs a field name, e.g. {"var": "case.days_overdue"}.');
    }
    const resolved = resolveSegmentField(name);
    if (!resolved) {
      return this.problem(
        at(path, 'var'),
        `Unknown field "${name}". Use a documented field (such as case.days_overdue) or a debtor attribute as attributes.<key>.`,
      );
    }
    return resolved;
  }

  private wellFormed(value: unknown, path: string): boolean {
    if (typeof value !== 'string' || isWellFormedText(value)) return true;
    this.problem(path, 'This text contains a broken character (half of a UTF-16 surrogate pair); retype it.');
    return false;
  }

  private isFieldReference(value: unknown): boolean {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && 'var' in value;
  }

  /** Splits the arguments of a binary comparison into the field and the literal value. */
  private fieldAndValue(
    op: string,
    args: unknown[],
    path: string,
  ): { operand: Operand; value: unknown; fieldFirst: boolean } | null {
    if (args.length !== 2) {
      return this.problem(path, `"${op}" compares a field with a value: it takes 2 arguments, found ${args.length}.`);
    }
    const [left, right] = args;
    const leftIsField = this.isFieldReference(left);
    const rightIsField = this.isFieldReference(right);
    if (leftIsField && rightIsField) return this.problem(path, 'Compare a field with a value, not with another field.');
    if (!leftIsField && !rightIsField)
      return this.problem(path, `"${op}" needs a field, e.g. {"var": "debtor.language"}.`);
    const operand = this.operand(leftIsField ? left : right, `${path}[${leftIsField ? 0 : 1}]`);
    if (!operand) return null;
    const value = leftIsField ? right : left;
    if (!this.wellFormed(value, `${path}[${leftIsField ? 1 : 0}]`)) return null;
    if (typeof value === 'object' && value !== null) {
      return this.problem(
        `${path}[${leftIsField ? 1 : 0}]`,
        `Compare "${operandName(operand)}" with a fixed value, not with ${describe(value)}.`,
      );
    }
    return { operand, value, fieldFirst: leftIsField };
  }

  private equality(op: string, args: unknown[], path: string): SegmentCondition | null {
    const parts = this.fieldAndValue(op, args, path);
    if (!parts) return null;
    const { operand, value } = parts;
    const negated = op === '!=' || op === '!==';
    if (value === null) return { kind: 'equals', operand, value: null, negated };
    if (operand.kind === 'attribute') {
      if (op === '==' || op === '!=') {
        return this.problem(
          path,
          `Compare the attribute "${operand.name}" with "${op === '==' ? '===' : '!=='}": attributes have no declared type, and "${op}" would treat the text "5" and the number 5 as equal.`,
        );
      }
      return { kind: 'equals', operand, value: value as Literal, negated };
    }
    const checked = this.literalFor(operand.field, value, path);
    return checked === undefined ? null : { kind: 'equals', operand, value: checked, negated };
  }

  private order(op: OrderOperator, args: unknown[], path: string): SegmentCondition | null {
    if (args.length === 3 && (op === '<' || op === '<=')) {
      // Between: {"<": [low, field, high]} means low < field < high.
      const [low, middle, high] = args;
      if (!this.isFieldReference(middle)) {
        return this.problem(
          path,
          `In the between form {"${op}": [low, field, high]} the middle argument is the field.`,
        );
      }
      const lower = this.order(op, [low, middle], `${path}(low)`);
      const upper = this.order(op, [middle, high], `${path}(high)`);
      return lower && upper && { kind: 'all', conditions: [lower, upper] };
    }
    const parts = this.fieldAndValue(op, args, path);
    if (!parts) return null;
    const { operand, value, fieldFirst } = parts;
    if (operand.kind === 'attribute') {
      return this.problem(
        path,
        `"${op}" cannot compare the attribute "${operand.name}": attributes have no declared type. Compare with === or a list instead.`,
      );
    }
    const { field } = operand;
    if (field.type !== 'number' && field.type !== 'money' && field.type !== 'date') {
      return this.problem(path, `"${op}" compares numbers, amounts and dates; "${field.name}" is ${field.type}.`);
    }
    if (value === null) return this.problem(path, `"${op}" needs a value to compare "${field.name}" with, not null.`);
    const checked = this.literalFor(field, value, path);
    if (checked === undefined || checked === null || typeof checked === 'boolean') return null;
    return { kind: 'order', field, op: fieldFirst ? op : flipped[op], value: checked };
  }

  private membership(args: unknown[], path: string): SegmentCondition | null {
    if (args.length !== 2) return this.problem(path, `"in" takes 2 arguments, found ${args.length}.`);
    const [needle, haystack] = args;
    if (this.isFieldReference(needle) && Array.isArray(haystack)) {
      const operand = this.operand(needle, `${path}[0]`);
      if (!operand) return null;
      if (operand.kind === 'field' && !['text', 'choice', 'number', 'money'].includes(operand.field.type)) {
        return this.problem(
          path,
          `"in" with a list works on text, choice, number and amount fields; "${operand.field.name}" is ${operand.field.type}.`,
        );
      }
      const values: Array<string | number | boolean> = [];
      haystack.forEach((value, index) => {
        const where = `${path}[1][${index}]`;
        if (value === null || typeof value === 'object') {
          this.problem(where, `A list of values holds texts, numbers or yes/no values, not ${describe(value)}.`);
          return;
        }
        if (!this.wellFormed(value, where)) return;
        if (operand.kind === 'attribute') {
          values.push(value as string | number | boolean);
          return;
        }
        const checked = this.literalFor(operand.field, value, where);
        if (checked !== undefined && checked !== null) values.push(checked as string | number);
      });
      return { kind: 'inList', operand, values };
    }
    if (this.isFieldReference(haystack) && typeof needle === 'string') {
      const operand = this.operand(haystack, `${path}[1]`);
      if (!operand || !this.wellFormed(needle, `${path}[0]`)) return null;
      if (operand.kind === 'field' && operand.field.type === 'text') {
        return { kind: 'contains', field: operand.field, needle };
      }
      return this.problem(
        path,
        `"Contains" ({"in": [text, field]}) works on text fields; "${operandName(operand)}" is ${operand.kind === 'field' ? operand.field.type : 'an attribute'}.`,
      );
    }
    return this.problem(
      path,
      '"in" is either {"in": [{"var": field}, [value, …]]} (one of a list) or {"in": ["text", {"var": field}]} (text contains).',
    );
  }

  /** The value checked against the field's type; `undefined` (with a problem) when it does not fit. */
  private literalFor(field: SegmentField, value: unknown, path: string): Literal | undefined {
    const wrong = (expected: string) => {
      this.problem(path, `"${field.name}" is ${expected}; ${describe(value)} does not fit.`);
      return undefined;
    };
    switch (field.type) {
      case 'number':
      case 'money':
        return typeof value === 'number' ? value : wrong(field.type === 'money' ? 'an amount in cents' : 'a number');
      case 'boolean':
        return typeof value === 'boolean' ? value : wrong('yes/no (true or false)');
      case 'date':
        if (typeof value !== 'string' || !isoDate.test(value) || !isRealDate(value)) {
          return wrong('a date (YYYY-MM-DD)');
        }
        return value;
      case 'text':
        return typeof value === 'string' ? value : wrong('text');
      case 'choice':
        if (typeof value !== 'string' || !field.options?.includes(value)) {
          this.problem(
            path,
            `"${field.name}" cannot be ${typeof value === 'string' ? `"${value}"` : describe(value)}; use one of: ${field.options?.join(', ')}.`,
          );
          return undefined;
        }
        return value;
    }
  }
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
