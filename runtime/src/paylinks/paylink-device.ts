/**
 * The kind of device a paylink was opened on, from the browser's user agent: phones and tablets
 * count as mobile. Recorded with `paylink.opened`; the best-channel policy learns from it
 * (debtors who pay on their phone may answer an SMS sooner than a letter).
 */
import type { PaylinkDevice } from '@collectflow/shared';

const mobileAgent = /Mobi|Android|iPhone|iPad|iPod|Windows Phone|Opera Mini/i;

export function paylinkDeviceOf(userAgent: string | undefined): PaylinkDevice | null {
  if (!userAgent) return null;
  return mobileAgent.test(userAgent) ? 'mobile' : 'desktop';
}
