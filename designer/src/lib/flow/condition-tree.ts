/**
 * The condition builder's model: a segment rule (JsonLogic) as groups of field comparisons that
 * a business user edits visually, and back. Only the forms the builder can show are read; any
 * other valid rule stays as it is and is edited as JSON instead (never silently rewritten).
 */
import { resolveSegmentField, type SegmentField, type SegmentFieldType, segmentFields } from '@collectflow/shared';

export type Operator =
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'between'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'notContains'
  | 'isTrue'
  | 'isFalse'
  | 'empty'
  | 'notEmpty';

export type Value = string | number | boolean | null;

export interface ConditionRule {
  kind: 'rule';
  field: string;
  operator: Operator;
  /** One value; two for `between`; a list for `in`/`notIn`; none for the yes/no and empty tests. */
  value: Value | Value[];
}

export interface ConditionGroup {
  kind: 'group';
  join: 'and' | 'or';
  children: ConditionNode[];
}

export type ConditionNode = ConditionRule | ConditionGroup;

export const operatorLabels: Record<Operator, string> = {
  eq: 'is',
  ne: 'is not',
  lt: 'is less than',
  le: 'is at most',
  gt: 'is more than',
  ge: 'is at least',
  between: 'is between',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  notContains: 'does not contain',
  isTrue: 'is yes',
  isFalse: 'is no',
  empty: 'is missing',
  notEmpty: 'is known',
};

const dateLabels: Partial<Record<Operator, string>> = {
  lt: 'is before',
  le: 'is on or before',
  gt: 'is after',
  ge: 'is on or after',
};

/** The operator as a user reads it for a field of `type` ("is before" for dates). */
export function operatorLabel(operator: Operator, type: SegmentFieldType | 'attribute'): string {
  return (type === 'date' && dateLabels[operator]) || operatorLabels[operator];
}

const typedOperators: Record<SegmentFieldType | 'attribute', Operator[]> = {
  number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between', 'in'],
  money: ['gt', 'ge', 'lt', 'le', 'between', 'eq', 'ne'],
  date: ['lt', 'le', 'gt', 'ge', 'between', 'eq'],
  text: ['eq', 'ne', 'contains', 'notContains', 'in', 'notIn'],
  choice: ['eq', 'ne', 'in', 'notIn'],
  boolean: ['isTrue', 'isFalse'],
  attribute: ['eq', 'ne', 'in', 'notIn', 'empty', 'notEmpty'],
};

/** What a comparison can read: a catalog field, or a debtor attribute (`attributes.<key>`). */
export function fieldType(name: string): SegmentFieldType | 'attribute' | null {
  const resolved = resolveSegmentField(name);
  if (!resolved) return null;
  return resolved.kind === 'field' ? resolved.field.type : 'attribute';
}

export function catalogField(name: string): SegmentField | undefined {
  return segmentFields.find((field) => field.name === name);
}

/** Operators offered for a field, in the order a user most often wants them. */
export function operatorsFor(name: string): Operator[] {
  const type = fieldType(name);
  if (!type) return [];
  const operators = typedOperators[type];
  return catalogField(name)?.nullable ? [...operators, 'empty', 'notEmpty'] : operators;
}

/** A sensible first value for a field and operator (so a new rule is valid at once). */
export function defaultValue(name: string, operator: Operator): Value | Value[] {
  const type = fieldType(name);
  const field = catalogField(name);
  if (['isTrue', 'isFalse', 'empty', 'notEmpty'].includes(operator)) return null;
  const one: Value =
    type === 'number'
      ? 0
      : type === 'money'
        ? 10_000
        : type === 'date'
          ? new Date().toISOString().slice(0, 10)
          : (field?.options?.[0] ?? '');
  if (operator === 'between') return type === 'money' ? [10_000, 50_000] : type === 'number' ? [0, 30] : [one, one];
  if (operator === 'in' || operator === 'notIn') return field?.options ? [field.options[0]!] : [];
  return one;
}

export function newRule(name = 'case.days_overdue'): ConditionRule {
  const operator = operatorsFor(name)[0] ?? 'eq';
  return { kind: 'rule', field: name, operator, value: defaultValue(name, operator) };
}

const fieldRef = (name: string) => ({ var: name });
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is Value =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

function varName(value: unknown): string | null {
  if (!isObject(value) || Object.keys(value).length !== 1 || !('var' in value)) return null;
  const name = Array.isArray(value.var) && value.var.length === 1 ? value.var[0] : value.var;
  return typeof name === 'string' && fieldType(name) !== null ? name : null;
}

function single(rule: Record<string, unknown>): [string, unknown[]] | null {
  const keys = Object.keys(rule);
  if (keys.length !== 1) return null;
  const raw = rule[keys[0]!];
  return [keys[0]!, Array.isArray(raw) ? raw : [raw]];
}

const orderOps: Record<string, Operator> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };
const flippedOrder: Record<Operator, Operator> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' } as Record<
  Operator,
  Operator
>;

function readComparison(rule: unknown): ConditionRule | null {
  if (!isObject(rule)) return null;
  const name = varName(rule);
  if (name)
    return fieldType(name) === 'boolean' ? { kind: 'rule', field: name, operator: 'isTrue', value: null } : null;
  const parts = single(rule);
  if (!parts) return null;
  const [op, args] = parts;
  if (op === '!') {
    if (args.length !== 1) return null;
    const inner = readComparison(args[0]);
    if (inner?.operator === 'isTrue') return { ...inner, operator: 'isFalse' };
    if (inner?.operator === 'in') return { ...inner, operator: 'notIn' };
    if (inner?.operator === 'contains') return { ...inner, operator: 'notContains' };
    return null;
  }
  if (['==', '===', '!=', '!=='].includes(op) && args.length === 2) {
    const leftName = varName(args[0]);
    const name = leftName ?? varName(args[1]);
    const value = leftName ? args[1] : args[0];
    if (!name || !isScalar(value)) return null;
    const negated = op.startsWith('!');
    if (value === null) return { kind: 'rule', field: name, operator: negated ? 'notEmpty' : 'empty', value: null };
    return { kind: 'rule', field: name, operator: negated ? 'ne' : 'eq', value };
  }
  if (op in orderOps) {
    if (args.length === 3 && op === '<=') {
      const name = varName(args[1]);
      if (!name || !isScalar(args[0]) || !isScalar(args[2])) return null;
      return { kind: 'rule', field: name, operator: 'between', value: [args[0], args[2]] };
    }
    if (args.length !== 2) return null;
    const leftName = varName(args[0]);
    const name = leftName ?? varName(args[1]);
    const value = leftName ? args[1] : args[0];
    if (!name || !isScalar(value)) return null;
    const operator = orderOps[op]!;
    return { kind: 'rule', field: name, operator: leftName ? operator : flippedOrder[operator], value };
  }
  if (op === 'in' && args.length === 2) {
    const name = varName(args[0]);
    if (name && Array.isArray(args[1]) && args[1].every(isScalar)) {
      return { kind: 'rule', field: name, operator: 'in', value: args[1] as Value[] };
    }
    const textField = varName(args[1]);
    if (textField && typeof args[0] === 'string') {
      return { kind: 'rule', field: textField, operator: 'contains', value: args[0] };
    }
  }
  return null;
}

function readNode(rule: unknown): ConditionNode | null {
  if (isObject(rule)) {
    const parts = single(rule);
    if (parts && (parts[0] === 'and' || parts[0] === 'or')) {
      const children = parts[1].map(readNode);
      if (children.some((child) => child === null)) return null;
      return { kind: 'group', join: parts[0], children: children as ConditionNode[] };
    }
  }
  return readComparison(rule);
}

/**
 * The builder's tree for a rule: always a group at the top (`null` or `true`, "everyone", is an
 * empty group). Returns null for a rule the builder cannot show.
 */
export function ruleToTree(rule: unknown): ConditionGroup | null {
  if (rule === null || rule === undefined || rule === true) return { kind: 'group', join: 'and', children: [] };
  const node = readNode(rule);
  if (!node) return null;
  return node.kind === 'group' ? node : { kind: 'group', join: 'and', children: [node] };
}

function writeRule(rule: ConditionRule): unknown {
  const ref = fieldRef(rule.field);
  const attribute = fieldType(rule.field) === 'attribute';
  const value = rule.value;
  switch (rule.operator) {
    case 'isTrue':
      return ref;
    case 'isFalse':
      return { '!': ref };
    case 'empty':
      return { '==': [ref, null] };
    case 'notEmpty':
      return { '!=': [ref, null] };
    case 'eq':
      return { [attribute ? '===' : '==']: [ref, value] };
    case 'ne':
      return { [attribute ? '!==' : '!=']: [ref, value] };
    case 'lt':
      return { '<': [ref, value] };
    case 'le':
      return { '<=': [ref, value] };
    case 'gt':
      return { '>': [ref, value] };
    case 'ge':
      return { '>=': [ref, value] };
    case 'between': {
      const [low, high] = Array.isArray(value) ? value : [value, value];
      return { '<=': [low, ref, high] };
    }
    case 'in':
      return { in: [ref, Array.isArray(value) ? value : [value]] };
    case 'notIn':
      return { '!': { in: [ref, Array.isArray(value) ? value : [value]] } };
    case 'contains':
      return { in: [value, ref] };
    case 'notContains':
      return { '!': { in: [value, ref] } };
  }
}

function writeNode(node: ConditionNode): unknown {
  return node.kind === 'rule' ? writeRule(node) : { [node.join]: node.children.map(writeNode) };
}

/**
 * The JsonLogic rule of a tree; null for an empty tree (no condition). Empty inner groups are
 * dropped, and a top group of one comparison is written as that comparison alone.
 */
export function treeToRule(tree: ConditionGroup): unknown {
  const prune = (node: ConditionNode): ConditionNode | null => {
    if (node.kind === 'rule') return node;
    const children = node.children.map(prune).filter((child): child is ConditionNode => child !== null);
    return children.length === 0 ? null : { ...node, children };
  };
  const pruned = prune(tree);
  if (!pruned || pruned.kind === 'rule') return pruned ? writeNode(pruned) : null;
  if (pruned.children.length === 1 && pruned.children[0]!.kind === 'rule') return writeNode(pruned.children[0]!);
  return writeNode(pruned);
}

function formatValue(name: string, value: Value): string {
  const type = fieldType(name);
  if (type === 'money' && typeof value === 'number') return `€${(value / 100).toLocaleString('en-GB')}`;
  if (typeof value === 'string') return type === 'text' || type === 'attribute' ? `“${value}”` : value;
  return String(value);
}

function describeNode(node: ConditionNode, nested: boolean): string {
  if (node.kind === 'group') {
    const parts = node.children.map((child) => describeNode(child, true));
    const text = parts.join(node.join === 'and' ? ' and ' : ' or ');
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  const type = fieldType(node.field) ?? 'text';
  const label = catalogField(node.field)?.label ?? node.field.replace(/^attributes\./, '');
  const values = Array.isArray(node.value) ? node.value : [node.value];
  const shown = values.map((value) => formatValue(node.field, value));
  switch (node.operator) {
    case 'isTrue':
    case 'isFalse':
    case 'empty':
    case 'notEmpty':
      return `${label} ${operatorLabel(node.operator, type)}`;
    case 'between':
      return `${label} is between ${shown[0]} and ${shown[1]}`;
    case 'in':
    case 'notIn':
      return `${label} ${operatorLabel(node.operator, type)} ${shown.join(', ')}`;
    default:
      return `${label} ${operatorLabel(node.operator, type)} ${shown[0]}`;
  }
}

/** A rule in plain words for the canvas ("Days overdue is at least 14 and Language is one of nl, en"). */
export function describeRule(rule: unknown, everyone = 'Every open case'): string {
  const tree = ruleToTree(rule);
  if (!tree) return 'A custom rule (edit it as JSON)';
  if (tree.children.length === 0) return everyone;
  return describeNode(tree, false);
}
