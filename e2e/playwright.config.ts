import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './chromium.ts';

export default defineConfig({
  testDir: './tests',
  globalSetup: './start-product.ts',
  // The journeys share one running product; they run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
