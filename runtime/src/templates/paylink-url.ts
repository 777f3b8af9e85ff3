/** The address of a paylink: `<public url>/p/<token>` (tokens: paylinks/paylinks.ts). */

/** Paylinks live below this path of the service's address. */
export const paylinkPathPrefix = '/p/';

export function paylinkUrlFor(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}${paylinkPathPrefix}${token}`;
}

/** Whether `url` is a paylink of the service at `publicUrl`. */
export function isPaylinkUrl(publicUrl: string, url: string): boolean {
  try {
    const target = new URL(url);
    return target.origin === new URL(publicUrl).origin && target.pathname.startsWith(paylinkPathPrefix);
  } catch {
    return false;
  }
}
