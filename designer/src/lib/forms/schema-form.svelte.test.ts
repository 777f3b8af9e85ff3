import { SignInInput } from '@collectflow/shared';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { SchemaForm } from './schema-form.svelte.ts';

const refusal = (message: string, field: string | null) =>
  new TRPCClientError(message, { result: { error: { code: -32600, message, data: { code: 'CONFLICT', field } } } });

describe('SchemaForm', () => {
  it('shows the schema’s messages per field and sends nothing when the values are invalid', async () => {
    const form = new SchemaForm(SignInInput);
    let sent = false;
    expect(await form.submit({ email: 'x', password: '' }, async () => (sent = true))).toBe(false);
    expect(sent).toBe(false);
    expect(form.fieldProblems).toEqual({
      email: 'Enter a valid e-mail address, such as name@example.com.',
      password: 'Enter your password.',
    });
  });

  it('sends the parsed values, busy while it waits', async () => {
    const form = new SchemaForm(SignInInput);
    let busyWhileSending = false;
    let received: unknown;
    const ok = await form.submit({ email: ' A@B.example ', password: 'pw' }, async (data) => {
      busyWhileSending = form.busy;
      received = data;
    });
    expect(ok).toBe(true);
    expect({ busyWhileSending, busyAfter: form.busy, received }).toEqual({
      busyWhileSending: true,
      busyAfter: false,
      received: { email: 'a@b.example', password: 'pw' },
    });
  });

  it('puts a refusal on the field the runtime names, or above the form', async () => {
    const form = new SchemaForm(SignInInput);
    const values = { email: 'a@b.example', password: 'pw' };
    await form.submit(values, () => Promise.reject(refusal('There is already an account for a@b.example.', 'email')));
    expect(form.fieldProblems).toEqual({ email: 'There is already an account for a@b.example.' });
    expect(form.problem).toBeNull();
    await form.submit(values, () => Promise.reject(refusal('Too many failed sign-in attempts.', null)));
    expect(form.problem).toBe('Too many failed sign-in attempts.');
    expect(form.fieldProblems).toEqual({});
  });
});
