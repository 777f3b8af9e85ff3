/** API keys: how ERPs and scripts authenticate to the REST API, and what each key may do. */
import { z } from 'zod';

export const ApiScope = z.enum([
  'debtors:write',
  'invoices:write',
  'payments:write',
  'cases:read',
  'messages:write',
  'webhooks:admin',
]);
export type ApiScope = z.infer<typeof ApiScope>;

export const apiScopeDescriptions: Record<ApiScope, string> = {
  'debtors:write': 'Create and update debtors.',
  'invoices:write': 'Create and update invoices (opens cases).',
  'payments:write': 'Record payments (settles cases).',
  'cases:read': 'Read cases and their timelines.',
  'messages:write': 'Record what happened to messages after sending (letters returned by post).',
  'webhooks:admin': 'Manage webhook subscriptions and retry their undelivered events.',
};

/** The scopes by what an integration does: bring data in (ingest), read, or manage webhooks. */
export const apiScopeGroups = {
  ingest: ['debtors:write', 'invoices:write', 'payments:write', 'messages:write'],
  read: ['cases:read'],
  'webhooks-admin': ['webhooks:admin'],
} as const satisfies Record<string, readonly ApiScope[]>;

export const ApiKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The key's public part, shown in lists (`cfk_1a2b3c4d_…`). */
  prefix: z.string(),
  scopes: z.array(ApiScope),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

export const CreateApiKeyInput = z.object({
  name: z.string().trim().min(1, { message: 'Name the key after what uses it, e.g. “SAP export”.' }).max(100),
  /** Default: every scope. */
  scopes: z
    .array(ApiScope)
    .min(1, { message: 'Give the key at least one scope.' })
    .default([...ApiScope.options]),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export const RevokeApiKeyInput = z.object({ id: z.uuid() });
