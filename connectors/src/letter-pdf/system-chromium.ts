/**
 * Which Chromium to drive (letters to PDF, the browser tests). Playwright does not download
 * browsers here, so the system's is used: CHROMIUM_PATH if set, else the usual install
 * locations (Debian: `apt-get install chromium`).
 */
import { existsSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = env.CHROMIUM_PATH ?? candidates.find((candidate) => existsSync(candidate));
  if (!found || !existsSync(found)) {
    throw new Error(
      'No Chromium found (it renders letters and runs the browser tests). Install it (Debian/Ubuntu: apt-get install -y chromium) ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return found;
}

/** Flags for a headless Chromium on a machine with no network but loopback. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
