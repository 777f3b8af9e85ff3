/** What a failed Sinch API call means for the message: refused for good, or try again later. */
import type { SendResult } from '../sdk/define-connector.ts';

export function outcomeOfSinchError(error: unknown, service: string): Extract<SendResult, { status: 'failed' }> {
  const failure = error as { statusCode?: number; data?: unknown; message?: string };
  const code = failure.statusCode;
  const said = describe(failure.data) ?? failure.message ?? String(error);
  if (typeof code === 'number' && code !== 429 && code >= 400 && code < 500) {
    return { status: 'failed', retryable: false, reason: `${service} refused it (HTTP ${code}): ${said}` };
  }
  if (typeof code === 'number' && code >= 400) {
    return { status: 'failed', retryable: true, reason: `${service} asked to try later (HTTP ${code}): ${said}` };
  }
  return { status: 'failed', retryable: true, reason: `${service} cannot be reached: ${said}` };
}

function describe(data: unknown): string | null {
  if (!data || typeof data !== 'object') return typeof data === 'string' && data ? data : null;
  const body = data as { text?: unknown; message?: unknown; code?: unknown };
  const text = body.text ?? body.message;
  return typeof text === 'string' ? `${typeof body.code === 'string' ? `${body.code}: ` : ''}${text}` : null;
}
