/**
 * Compiles an analysed segment rule into a parameterised SQL predicate over the runtime's
 * `case_segment_facts` relation (aliased `f`), so that a segment of a million cases is one
 * statement. The SQL reproduces JsonLogic's JavaScript semantics exactly, including its
 * treatment of missing values: every predicate is two-valued (never SQL NULL), a missing number
 * counts as 0 in `<`-style comparisons (as `null < 5` is true in JavaScript), and a missing date
 * or text matches no comparison but `== null`. Values are always parameters, never spliced in.
 */
import { analyseSegmentRule, type Operand, type SegmentCondition, type SegmentRuleProblem } from './segment-rule.ts';

export interface SegmentSql {
  /** A boolean SQL expression over `f`; parameters are numbered from `firstParam`. */
  sql: string;
  params: unknown[];
}

export interface SegmentSqlOptions {
  /** The evaluation day, `YYYY-MM-DD` (for fields such as `case.days_overdue`). */
  today: string;
  /** Number of the first parameter placeholder. Default: 1. */
  firstParam?: number;
}

export function compileSegmentCondition(condition: SegmentCondition, options: SegmentSqlOptions): SegmentSql {
  const params: unknown[] = [];
  const first = options.firstParam ?? 1;
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `$${first + params.length - 1}::${type}`;
  };
  let todayPlaceholder: string | null = null;
  const today = () => {
    todayPlaceholder ??= param(options.today, 'date');
    return todayPlaceholder;
  };
  const operandSql = (operand: Operand) =>
    operand.kind === 'field' ? operand.field.sql(today) : `(f.debtor_attributes #> ${param(operand.path, 'text[]')})`;

  const compile = (node: SegmentCondition): string => {
    switch (node.kind) {
      case 'const':
        return node.value ? 'true' : 'false';
      case 'all':
      case 'any':
        return `(${node.conditions.map(compile).join(node.kind === 'all' ? ' and ' : ' or ')})`;
      case 'not':
        return `(not ${compile(node.condition)})`;
      case 'isTrue':
        return `coalesce(${node.field.sql(today)}, false)`;
      case 'equals': {
        const value = operandSql(node.operand);
        let test: string;
        if (node.value === null) {
          test =
            node.operand.kind === 'attribute' ? `(${value} is null or ${value} = 'null'::jsonb)` : `(${value} is null)`;
        } else if (node.operand.kind === 'attribute') {
          test = `coalesce(${value} = ${param(JSON.stringify(node.value), 'jsonb')}, false)`;
        } else {
          test = `coalesce(${value} = ${literalParam(node.operand.field.type, node.value)}, false)`;
        }
        return node.negated ? `(not ${test})` : test;
      }
      case 'order': {
        const value = node.field.sql(today);
        if (node.field.type === 'date') return `coalesce(${value} ${node.op} ${param(node.value, 'date')}, false)`;
        // JavaScript turns a missing number into 0 before comparing.
        return `(coalesce(${value}, 0) ${node.op} ${param(String(node.value), 'numeric')})`;
      }
      case 'inList': {
        const value = operandSql(node.operand);
        if (node.operand.kind === 'attribute') {
          return `coalesce(${value} = any(${param(
            node.values.map((entry) => JSON.stringify(entry)),
            'jsonb[]',
          )}), false)`;
        }
        const numeric = node.operand.field.type === 'number' || node.operand.field.type === 'money';
        return numeric
          ? `coalesce(${value} = any(${param(node.values.map(String), 'numeric[]')}), false)`
          : `coalesce(${value} = any(${param(node.values, 'text[]')}), false)`;
      }
      case 'contains': {
        // json-logic-js: an empty or missing text contains nothing, not even "".
        const value = node.field.sql(today);
        return `coalesce(${value} <> '' and strpos(${value}, ${param(node.needle, 'text')}) > 0, false)`;
      }
    }
  };

  function literalParam(type: string, value: string | number | boolean): string {
    switch (type) {
      case 'number':
      case 'money':
        return param(String(value), 'numeric');
      case 'date':
        return param(value, 'date');
      case 'boolean':
        return param(value, 'boolean');
      default:
        return param(value, 'text');
    }
  }

  return { sql: compile(condition), params };
}

export type CompiledSegmentRule = ({ ok: true } & SegmentSql) | { ok: false; problems: SegmentRuleProblem[] };

/** Checks `rule` and compiles it; a rule with problems is refused, never approximated. */
export function compileSegmentRule(rule: unknown, options: SegmentSqlOptions): CompiledSegmentRule {
  const analysed = analyseSegmentRule(rule);
  if (!analysed.ok) return analysed;
  return { ok: true, ...compileSegmentCondition(analysed.condition, options) };
}
