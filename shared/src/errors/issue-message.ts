/**
 * zod's generic issue messages ("Invalid input: expected string, received undefined") in words
 * a business user can act on. Messages a schema set itself are kept as they are.
 */
import type { z } from 'zod';

function humanField(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((part) => typeof part === 'string');
  return last
    ? `“${String(last)
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()}”`
    : 'This value';
}

export function issueMessage(issue: z.core.$ZodIssue): string {
  const field = humanField(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${field} is missing.`;
      if (issue.message.startsWith('Invalid input')) return `${field} must be ${article(issue.expected)}.`;
      return issue.message;
    case 'invalid_value':
      if (issue.message.startsWith('Invalid option') || issue.message.startsWith('Invalid input')) {
        return `${field} must be one of: ${issue.values.map(String).join(', ')}.`;
      }
      return issue.message;
    case 'too_small':
      if (issue.message.startsWith('Too small')) return `${field} must be at least ${String(issue.minimum)}.`;
      return issue.message;
    case 'too_big':
      if (issue.message.startsWith('Too big')) return `${field} must be at most ${String(issue.maximum)}.`;
      return issue.message;
    case 'invalid_union':
      if (issue.message === 'Invalid input') return `${field} is not one of the allowed forms.`;
      return issue.message;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'setting' : 'settings'}: ${issue.keys.join(', ')}.`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
  };
  return words[type] ?? type;
}
