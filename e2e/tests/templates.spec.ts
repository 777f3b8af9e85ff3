/**
 * Templates in the browser: marketing rewords a published e-mail, previews it with a demo
 * debtor and publishes it, but cannot remove a layout block; a designer writes an SMS with live
 * segment counts and save-time variable checks; letters sit on an A4 page with the address
 * window fixed.
 */
import { expect, type Page, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

const canvas = (page: Page) => page.frameLocator('[data-testid=visual-canvas] iframe.gjs-frame');

test('marketing rewords the demo reminder, previews it with a demo debtor, publishes, and cannot remove a block', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'marketing', '/templates');
  await page.getByRole('link', { name: 'Friendly reminder (e-mail)' }).click();
  await expect(page.getByText('its layout is locked')).toBeVisible();
  await page.getByRole('button', { name: 'Dutch' }).click();
  const sentence = canvas(page).getByText('Misschien is het u ontschoten');
  await expect(sentence).toBeVisible({ timeout: 20_000 });
  // No blocks to drag in for marketing: the layout panel is not there.
  await expect(page.getByText('Drag a block onto the message.')).toBeHidden();

  await sentence.dblclick();
  // To the end of the paragraph (End alone goes to the end of the wrapped line).
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Wij helpen u graag.');
  await canvas(page).getByText('Met vriendelijke groet').click();
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(/^Saved/)).toBeVisible();
  await page.screenshot({ path: 'screenshots/templates-email-marketing.png' });

  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const picker = page.getByTestId('preview-case');
  await expect(picker.locator('option')).not.toHaveCount(1);
  const option = picker.locator('option').nth(1);
  const label = (await option.textContent())!;
  await picker.selectOption({ index: 1 });
  await expect(page.getByText(/^Filled in for /)).toBeVisible();
  const preview = page.frameLocator('[data-testid=preview-frame]');
  await expect(preview.getByText('Geen zorgen, dat kan gebeuren. Wij helpen u graag.')).toBeVisible();
  await expect(preview.getByRole('link', { name: /Nu betalen/ })).toBeVisible();
  expect(label).toContain(' · ');
  await page.getByRole('button', { name: 'Phone', exact: true }).click();
  await page.screenshot({ path: 'screenshots/templates-preview-phone.png' });

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('What changed?').fill('Friendlier first sentence');
  await page.getByRole('button', { name: 'Publish version 2' }).click();
  await expect(page.getByText('Version 2 is published')).toBeVisible();
  await expect(page.getByText('Published v2')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Versions' })).toContainText('v2 Friendlier first sentence');

  // Deleting a layout block: the canvas does not let it go …
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const payButton = canvas(page).getByText('Pay button', { exact: true });
  await payButton.click();
  await page.keyboard.press('Delete');
  await expect(canvas(page).getByText('Pay button', { exact: true })).toBeVisible();
  // … and the server refuses a draft without it, saying why.
  const template = await page.request.get(
    `/trpc/templates.list?input=${encodeURIComponent(JSON.stringify(undefined))}`,
  );
  const list = ((await template.json()) as { result: { data: { id: string; key: string }[] } }).result.data;
  const id = list.find((item) => item.key === 'reminder-friendly')!.id;
  const detail = (
    (await (
      await page.request.get(`/trpc/templates.get?input=${encodeURIComponent(JSON.stringify({ templateId: id }))}`)
    ).json()) as {
      result: { data: { draft: { variants: { language: string; body: string }[] }; draftRevision: number } };
    }
  ).result.data;
  const draft = structuredClone(detail.draft);
  const dutch = draft.variants.find((variant) => variant.language === 'nl')!;
  dutch.body = dutch.body.replace('<mj-raw>{% pay_button %}</mj-raw>', '');
  const refused = await page.request.post('/trpc/templates.saveDraft', {
    data: { templateId: id, content: draft, baseRevision: detail.draftRevision },
  });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain(
    'In the NL version the “Pay button” block was removed. Your role may change the words only; ask a designer to change the layout.',
  );
});

test('a designer writes an SMS: unknown variables are named at once, parts are counted as typed', async ({ page }) => {
  await signIn(page, 'designer', '/templates');
  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Short SMS nudge');
  await dialog.getByText('SMS', { exact: true }).click();
  await dialog.getByLabel('First language').selectOption('de');
  await page.getByRole('button', { name: 'Create template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);

  const text = page.getByTestId('sms-text');
  await text.fill('Hallo {{ debtor.vorname }}, bitte zahlen Sie {{ totals.due }}: {{ paylink.url }}');
  const problems = page.getByTestId('template-problems');
  await expect(problems).toContainText('“{{ debtor.vorname }}” is not a variable Collectflow knows.');
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();

  await text.fill('Hallo , bitte zahlen Sie {{ totals.due }}: {{ paylink.url }}');
  await text.focus();
  await text.evaluate((element: HTMLTextAreaElement) => element.setSelectionRange(6, 6));
  await page.getByRole('button', { name: /^debtor\.first_name/ }).click();
  await expect(text).toHaveValue('Hallo {{ debtor.first_name }}, bitte zahlen Sie {{ totals.due }}: {{ paylink.url }}');
  await expect(problems).toBeHidden();
  await expect(page.getByText(/characters · 1 part · GSM-7/).first()).toBeVisible();

  await text.fill(`${'Bitte zahlen Sie heute. '.repeat(7)}✓ {{ paylink.url }}`);
  await expect(page.getByText('“✓” is not in the standard SMS alphabet')).toBeVisible();
  await expect(page.getByText(/characters · 3 parts · UCS-2/).first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/templates-sms.png' });

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('Published v1')).toBeVisible();
});

test('letters sit on an A4 page with the address window fixed in place', async ({ page }) => {
  await signIn(page, 'designer', '/templates');
  await page.getByRole('link', { name: 'Dutch 14-day letter (veertien-dagenbrief)' }).click();
  await page.getByRole('button', { name: 'Dutch' }).click();
  await expect(canvas(page).getByText('Open invoices', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Dunning blocks')).toBeVisible();
  await page.screenshot({ path: 'screenshots/templates-letter-editor.png' });
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = page.frameLocator('[data-testid=preview-frame]');
  await expect(preview.getByText('Laatste herinnering (veertiendagenbrief)')).toBeVisible();
  await expect(preview.getByRole('img', { name: 'GiroCode' })).toBeVisible();
  await page.screenshot({ path: 'screenshots/templates-letter-preview.png' });
});

test('marketing changes the brand colour, and the preview of a published template follows', async ({ page }) => {
  await signIn(page, 'marketing', '/settings');
  const kit = page.getByRole('region', { name: 'Brand kit: Demo Energie' });
  await kit.getByLabel('IBAN').fill('NL00 ABNA 0000 0000 00');
  await kit.getByRole('button', { name: 'Save brand kit' }).click();
  await expect(kit.getByText('This is not a valid IBAN; check it against the bank statement.')).toBeVisible();
  await kit.getByLabel('IBAN').fill('NL91 ABNA 0417 1643 00');
  await kit.getByLabel('Primary (buttons, headings)').fill('#8a2be2');
  await kit.getByRole('button', { name: 'Save brand kit' }).click();
  await expect(page.getByText('Saved. Messages sent from now on use the new brand kit.')).toBeVisible();
  await page.screenshot({ path: 'screenshots/settings-brand-kit.png', fullPage: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('link', { name: 'Formal reminder (e-mail)' }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const button = page.frameLocator('[data-testid=preview-frame]').getByRole('link', { name: /Pay now/ });
  // The button's cell carries the brand colour (a "bulletproof" e-mail button).
  await expect(button.locator('xpath=..')).toHaveCSS('background-color', 'rgb(138, 43, 226)');
});
