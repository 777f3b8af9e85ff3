/** The system Chromium the browser tests drive: the one the letter connector uses. */
export { chromiumArgs, findChromium } from '@collectflow/connectors';
