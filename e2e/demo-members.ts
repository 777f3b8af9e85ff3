/** Signing in as a member of the demo workspace (admin, designer, marketing, agent, viewer), from a page that asks for it. */
import type { Page } from '@playwright/test';

export async function signIn(page: Page, who: string, path: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('E-mail address').fill(`${who}@demo-energie.example`);
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}
