/** Roles a workspace member can have, and what each one is for. */
import { z } from 'zod';

export const Role = z.enum(['admin', 'designer', 'marketing', 'agent', 'viewer']);
export type Role = z.infer<typeof Role>;

/** Plain-language description of each role, shown where an admin picks one. */
export const roleDescriptions: Record<Role, string> = {
  admin: 'Everything, including users, connectors and workspace settings.',
  designer: 'Builds and publishes dunning flows.',
  marketing: 'Edits brands and message templates.',
  agent: 'Works on cases: timelines, pauses, disputes, payments.',
  viewer: 'Reads everything, changes nothing.',
};

/** Role groups used by procedures; a procedure lists who may call it. */
export const roleGroups = {
  everyone: Role.options,
  admins: ['admin'],
  flowEditors: ['admin', 'designer'],
  brandEditors: ['admin', 'marketing', 'designer'],
  /** Change the words of templates (marketing only within a published layout). */
  templateEditors: ['admin', 'marketing', 'designer'],
  /** Create templates and change their layout. */
  layoutEditors: ['admin', 'designer'],
  caseWorkers: ['admin', 'agent'],
} as const satisfies Record<string, readonly Role[]>;
