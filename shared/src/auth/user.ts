/** What the designer may know about workspace members and the signed-in user. */
import { z } from 'zod';
import { Role } from './role.ts';

export const WorkspaceMember = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  createdAt: z.iso.datetime({ offset: true }),
  lastSignInAt: z.iso.datetime({ offset: true }).nullable(),
  disabled: z.boolean(),
});
export type WorkspaceMember = z.infer<typeof WorkspaceMember>;

/** The signed-in user and their workspace, as returned by `auth.me`. */
export const SignedInUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  workspace: z.object({ id: z.uuid(), name: z.string() }),
});
export type SignedInUser = z.infer<typeof SignedInUser>;
