/**
 * The settings form of a connector, from the JSON Schema the runtime generates from the
 * plugin's zod schema (never written a second time by hand): which fields, of what kind, with
 * which labels and defaults.
 */

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export type SettingsField =
  | { kind: 'text' | 'email' | 'secret'; name: string; label: string; description: string | null; optional: boolean }
  | { kind: 'number'; name: string; label: string; description: string | null; optional: boolean }
  | { kind: 'boolean'; name: string; label: string; description: string | null; optional: boolean }
  | {
      kind: 'group';
      name: string;
      label: string;
      description: string | null;
      optional: boolean;
      fields: SettingsField[];
    };

function labelOf(name: string, schema: JsonSchema): string {
  return schema.title ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

/** The form fields of an object schema; `secretFields` become password fields. */
export function settingsFields(schema: JsonSchema, secretFields: readonly string[] = []): SettingsField[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]): SettingsField => {
    const base = {
      name,
      label: labelOf(name, property),
      description: property.description ?? null,
      // Fields that may stay empty (their default is empty); others have a value or need one.
      optional: property.default === '' || (property.default === undefined && !(schema.required ?? []).includes(name)),
    };
    if (property.type === 'object') return { ...base, kind: 'group', fields: settingsFields(property) };
    if (property.type === 'boolean') return { ...base, kind: 'boolean' };
    if (property.type === 'integer' || property.type === 'number') return { ...base, kind: 'number' };
    if (secretFields.includes(name)) return { ...base, kind: 'secret' };
    return { ...base, kind: property.format === 'email' ? 'email' : 'text' };
  });
}

/** The values a new form starts with: each field's default, empty otherwise. */
export function defaultSettings(schema: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      property.type === 'object'
        ? defaultSettings(property)
        : (property.default ?? (property.type === 'boolean' ? false : property.type === 'integer' ? undefined : '')),
    ]),
  );
}
