/** An admin adds a member, who then signs in with the role the admin gave them. */
import { expect, test } from '@playwright/test';

test('an admin adds a viewer, who can sign in but not manage members', async ({ page }) => {
  await page.goto('/settings');
  await page.getByLabel('E-mail address').fill('admin@demo-energie.example');
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(6); // header + five demo members

  await page.getByRole('button', { name: 'Add member' }).click();
  // The settings page also holds the brand kit: fill the member form's own fields.
  const addForm = page.getByRole('form', { name: 'Add a member' });
  await addForm.getByLabel('Name').fill('Femke Smit');
  await addForm.getByLabel('E-mail address').fill('femke@demo-energie.example');
  await addForm.getByLabel('First password').fill('short');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByText('Use at least 10 characters for the password.')).toBeVisible();

  await addForm.getByLabel('First password').fill('femke-first-password');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('status')).toHaveText('Femke Smit was added as viewer.');
  await expect(page.getByRole('row', { name: /Femke Smit/ })).toBeVisible();
  await page.screenshot({ path: 'screenshots/settings-members.png', fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('E-mail address').fill('femke@demo-energie.example');
  await page.getByLabel('Password').fill('femke-first-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('Only administrators manage the members of this workspace.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Members' })).toHaveCount(0);
});

test('on a phone the navigation folds into a menu', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/dashboard');
  await page.getByLabel('E-mail address').fill('agent@demo-energie.example');
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const navigation = page.getByRole('navigation', { name: 'Main' });
  await expect(navigation).toBeHidden();
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await expect(navigation).toBeVisible();
  await page.screenshot({ path: 'screenshots/phone-menu.png' });
  await navigation.getByRole('link', { name: 'Cases' }).click();
  await expect(navigation).toBeHidden();
  // On a loaded machine the server stalls for seconds after earlier journeys (CI traces: the
  // dashboard's A/B-results request and a script file both waited ~4 s): allow for it.
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible({ timeout: 15_000 });
});
