/** Inputs for signing in and for creating workspace members. */
import { z } from 'zod';
import { Role } from './role.ts';

/** An e-mail address, trimmed and lower-cased so that look-ups are case-insensitive. */
export const EmailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid e-mail address, such as name@example.com.' }));
export type EmailAddress = z.infer<typeof EmailAddress>;

/** Passwords: at least 10 characters (NIST SP 800-63B), at most 200 to bound hashing cost. */
export const NewPassword = z
  .string()
  .min(10, { message: 'Use at least 10 characters for the password.' })
  .max(200, { message: 'Use at most 200 characters for the password.' });

export const SignInInput = z.object({
  email: EmailAddress,
  password: z.string().min(1, { message: 'Enter your password.' }).max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const CreateUserInput = z.object({
  email: EmailAddress,
  name: z.string().trim().min(1, { message: 'Enter the person’s name.' }).max(120),
  role: Role,
  password: NewPassword,
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const SetUserRoleInput = z.object({
  userId: z.uuid(),
  role: Role,
});
export type SetUserRoleInput = z.infer<typeof SetUserRoleInput>;

export const SetUserDisabledInput = z.object({
  userId: z.uuid(),
  disabled: z.boolean(),
});
export type SetUserDisabledInput = z.infer<typeof SetUserDisabledInput>;
