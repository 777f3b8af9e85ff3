/**
 * A manager checks what Collectflow has learnt: the demo's best-channel pilot (four simulated
 * weeks) on the Models page — its model, its choices, its uplift over the best single channel,
 * what weighs most per channel — and switches it to its fixed rule and back. A viewer reads the page without the switch; a designer opens the
 * step's settings on the canvas.
 */
import { expect, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

test('a manager reads the best-channel model and switches it to its fixed rule and back', async ({ page }) => {
  await signIn(page, 'admin', '/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  const model = page.getByTestId('best-channel-model');
  await expect(model.getByRole('heading', { name: /Best channel in Best channel pilot/ })).toBeVisible();
  await expect(model.getByTestId('model-version')).toContainText(
    /Version \d+, trained[\s\S]+on\s+[\d,]+\s+messages\s+sent/,
  );
  await expect(model.getByText(/Tested before use: held out [\d,]+ messages/)).toBeVisible();
  for (const channel of ['E-mail', 'SMS', 'Letter']) {
    await expect(model.getByRole('rowheader', { name: channel, exact: true }).first()).toBeVisible();
  }
  // The demo simulates the pilot's last four weeks: choices, and the uplift with its interval.
  await expect(model.getByRole('columnheader', { name: 'Chosen by the model' })).toBeVisible();
  await expect(model.getByTestId('model-uplift')).toContainText(/of cases paid within 14 days, against an estimated/);
  await expect(model.getByTestId('model-uplift')).toContainText(/95 % interval/);
  await expect(model.getByTestId('policy-mode')).toHaveText('Learned policy');
  await page.screenshot({ path: 'screenshots/models-page.png', fullPage: true });

  await model.getByRole('button', { name: 'Switch to the fixed rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'Switch to the fixed rule?' });
  await expect(dialog.getByText('E-mail → SMS → Letter')).toBeVisible();
  await dialog.getByRole('button', { name: 'Switch to the fixed rule' }).click();
  await expect(page.getByRole('status')).toHaveText(
    '“Best channel” now follows its fixed rule: E-mail → SMS → Letter.',
  );
  await expect(model.getByTestId('policy-mode')).toHaveText('Fixed rule');
  await expect(model.getByText(/Switched to the fixed rule/)).toBeVisible();

  await model.getByRole('button', { name: 'Use the learned policy' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Use the learned policy' }).click();
  await expect(page.getByRole('status')).toHaveText('“Best channel” chooses by its learned model again.');
  await expect(model.getByTestId('policy-mode')).toHaveText('Learned policy');
});

test('a viewer reads the models without the switch and a pilot case’s reasons; a designer opens the step', async ({
  page,
}) => {
  await signIn(page, 'viewer', '/models');
  await expect(page.getByTestId('best-channel-model')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Switch to the fixed rule' })).toHaveCount(0);

  // A pilot case's timeline says which model chose its channel, and why.
  await page.goto('/cases');
  await page.getByTestId('case-search').fill('Debtor 10');
  await page
    .locator('table.cases a.debtor', { hasText: /^Debtor 10$/ })
    .first()
    .click();
  const decision = page.getByText(/^Best channel: (E-mail|SMS|Letter)$/);
  await expect(decision).toBeVisible();
  await expect(page.getByText(/\(model version \d+\)/).first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/best-channel-timeline.png', fullPage: true });

  await page.getByRole('button', { name: /Sign out/ }).click();
  await signIn(page, 'designer', '/flows');
  await page.getByRole('link', { name: 'Best channel pilot' }).click();
  await page.locator('.svelte-flow__node[data-id="best"]').click();
  const inspector = page.getByRole('region', { name: 'Step settings' });
  await expect(inspector.getByText('Fallback order')).toBeVisible();
  await expect(inspector.getByRole('button', { name: 'Move SMS up' })).toBeVisible();
  await expect(inspector.getByLabel('Aim for')).toHaveValue('payment');
  await page.screenshot({ path: 'screenshots/best-channel-step.png', fullPage: true });
});
