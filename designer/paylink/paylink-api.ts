/** The paylink page's calls to its API (`/api/paylinks/<token>/…`), and the types its sections share. */
import type { PaylinkView } from '@collectflow/shared';

export type OpenPaylinkView = Extract<PaylinkView, { status: 'open' }>;

/**
 * Sends a choice of the debtor (a plan, a promise, a preference, a dispute); resolves with what
 * went wrong in the debtor's words, or null when the page shows the answer.
 */
export type Choose = (path: string, body: unknown) => Promise<string | null>;

/** The API's answer, or its refusal in words (null: it could not be reached). */
export type Answer<T> = { ok: true; answer: T } | { ok: false; error: string | null };

export function paylinkApi(token: string) {
  const base = `/api/paylinks/${encodeURIComponent(token)}`;
  return {
    /** The page's content; null for a link that does not exist. */
    async view(): Promise<PaylinkView | null> {
      const response = await fetch(base, { headers: { accept: 'application/json' } });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(String(response.status));
      return (await response.json()) as PaylinkView;
    },
    async post<T>(path: string, body: unknown = {}): Promise<Answer<T>> {
      try {
        const response = await fetch(`${base}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = await response.json();
        return response.ok ? { ok: true, answer: answer as T } : { ok: false, error: answer.error ?? null };
      } catch {
        return { ok: false, error: null };
      }
    },
    /** How a payment started here stands at the provider; null when there is no such payment. */
    async checkoutStatus(checkoutId: string): Promise<string | null> {
      const response = await fetch(`${base}/checkouts/${encodeURIComponent(checkoutId)}`, {
        headers: { accept: 'application/json' },
      });
      if (response.status === 404) return null;
      return ((await response.json()) as { status: string }).status;
    },
  };
}

export type PaylinkApi = ReturnType<typeof paylinkApi>;
