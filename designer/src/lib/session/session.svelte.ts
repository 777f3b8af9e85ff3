/** The signed-in member, shared by every page of the app shell. */
import type { SignedInUser } from '@collectflow/shared';
import { trpc } from '../api/trpc.ts';

class SessionState {
  user = $state<SignedInUser | null>(null);

  /** Asks the runtime who is signed in (the session cookie is httpOnly, so only it knows). */
  async refresh(): Promise<SignedInUser | null> {
    this.user = await trpc.auth.me.query();
    return this.user;
  }

  async signOut(): Promise<void> {
    await trpc.auth.signOut.mutate();
    this.user = null;
  }
}

export const session = new SessionState();
