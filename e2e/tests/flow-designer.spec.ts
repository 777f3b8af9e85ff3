/**
 * A business user builds a dunning flow from an empty canvas with real pointer drag and drop,
 * fixes what the validator points out, publishes it, and the runtime enrols the matching demo
 * cases (checked through the API).
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { largeFlow } from '../bench/large-flow.ts';
import { signIn } from '../demo-members.ts';

test.use({ viewport: { width: 1920, height: 1200 } });

const step = (page: Page, id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);

/** Drags a step type from the palette onto the canvas, `dy` pixels below and `dx` right of the Start's top centre. */
async function dropStep(page: Page, type: string, dx: number, dy: number) {
  const start = (await step(page, 'start').boundingBox())!;
  const canvas = page.getByRole('region', { name: 'Flow canvas' });
  const box = (await canvas.boundingBox())!;
  const item = page.getByRole('complementary', { name: 'Steps' }).locator(`button[data-step-type="${type}"]`);
  await item.dragTo(canvas, {
    targetPosition: { x: start.x + start.width / 2 + dx - box.x, y: start.y + dy - box.y },
  });
}

/** Drags a connection from an output of one step to the input of another, with the mouse. */
async function connect(page: Page, from: string, handle: string, to: string) {
  const source = step(page, from).locator(`.svelte-flow__handle.source[data-handleid="${handle}"]`);
  const target = step(page, to).locator('.svelte-flow__handle.target');
  await drag(page, source, target);
}

async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function trpcQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

test('a designer builds, fixes and publishes a flow, and matching demo cases enter it', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'designer', '/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('Over €100: mail, then SMS');
  await page.getByRole('button', { name: 'Create and open' }).click();
  await expect(step(page, 'start')).toBeVisible();
  await expect(page.getByText('Drag steps from the left onto the canvas')).toBeVisible();

  // Make room below the Start: pan the canvas up by dragging the empty pane.
  const paneBox = (await page.locator('.svelte-flow__pane').boundingBox())!;
  const startBox = (await step(page, 'start').boundingBox())!;
  const grab = { x: paneBox.x + paneBox.width - 220, y: paneBox.y + paneBox.height - 220 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x, grab.y - (startBox.y - paneBox.y - 40), { steps: 10 });
  await page.mouse.up();

  await dropStep(page, 'filter', 0, 160);
  await dropStep(page, 'email', -150, 320);
  await dropStep(page, 'wait', -150, 480);
  await dropStep(page, 'sms', -150, 640);
  await dropStep(page, 'exit', 200, 800);
  for (const id of ['filter-1', 'email-1', 'wait-1', 'sms-1', 'exit-1']) await expect(step(page, id)).toBeVisible();

  await connect(page, 'start', 'out', 'filter-1');
  await connect(page, 'filter-1', 'yes', 'email-1');
  await connect(page, 'email-1', 'sent', 'wait-1');
  await connect(page, 'wait-1', 'out', 'sms-1');
  await connect(page, 'sms-1', 'sent', 'exit-1');
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(5);

  // A connection the validator would refuse is refused while dragging: nothing leads into the Start.
  await drag(page, step(page, 'sms-1').locator('[data-handleid="failed"]'), step(page, 'start'));
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(5);

  // The validator complains about the outputs left open, on the steps and in the list.
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('3 problems to fix before publishing');
  await problems.getByRole('button', { name: /3 problems/ }).click();
  await expect(problems).toContainText('The “No” output of “Condition” (filter-1) is not connected.');
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await expect(page.getByText('Publishing is off until the draft is sound')).toBeVisible();
  await expect(step(page, 'filter-1').getByText('1 problem')).toBeAttached();

  // The condition: open amount over €100, built visually, with a live count.
  await step(page, 'filter-1').click();
  const inspector = page.getByRole('region', { name: 'Step settings' });
  await inspector.getByLabel('Field').selectOption({ label: 'Total open amount' });
  await inspector.getByLabel('Comparison').selectOption({ label: 'is more than' });
  await inspector.getByLabel('Amount in euros').fill('100');
  await expect(inspector.getByText(/of 1,000 open cases match now/)).toBeVisible();
  await expect(step(page, 'filter-1')).toContainText('Total open amount is more than €100');

  await step(page, 'wait-1').click();
  await inspector.getByLabel('Wait for').fill('3');
  await expect(inspector.getByText("Cases wait 3 days, in the flow's time zone.")).toBeVisible();
  await page.screenshot({ path: 'screenshots/flow-designer-problems.png' });

  // Clicking a problem shows its step; then the open outputs are connected.
  await problems.getByRole('button', { name: /The “No” output/ }).click();
  await expect(inspector.getByRole('heading', { name: 'Condition' })).toBeVisible();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(400); // the fit is animated; handles must stand still before dragging
  await connect(page, 'filter-1', 'no', 'exit-1');
  await connect(page, 'email-1', 'failed', 'exit-1');
  await connect(page, 'sms-1', 'failed', 'exit-1');
  await expect(problems).toContainText('Ready to publish: no problems found');

  // Keyboard: delete a step, undo brings it back with its connections.
  await step(page, 'wait-1').click();
  await page.keyboard.press('Delete');
  await expect(step(page, 'wait-1')).toHaveCount(0);
  await expect(problems).toContainText('problems to fix');
  await page.keyboard.press('Control+z');
  await expect(step(page, 'wait-1')).toBeVisible();
  await expect(page.locator('.svelte-flow__edge')).toHaveCount(8);
  await expect(problems).toContainText('Ready to publish');
  await page.keyboard.press('Control+a');
  await expect(page.getByRole('heading', { name: '6 steps selected' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ })).toBeVisible({ timeout: 10_000 });

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByLabel('What changed?').fill('First version: mail, three days, SMS');
  await page.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('Version 1 is live. Matching open cases are being enrolled now.')).toBeVisible();
  await expect(page.getByText('Published v1')).toBeVisible();
  await expect(page.getByText('No changes since v1')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await page.reload(); // the same, compared with the version as the database stored it
  await expect(page.getByText('No changes since v1')).toBeVisible();
  await page.screenshot({ path: 'screenshots/flow-designer-published.png' });

  // Through the API: every open case over €100 that can get an e-mail now waits its 3 days in the
  // flow; the others went out through "No" or the e-mail's "Failed" and have left it.
  const flowId = page.url().split('/flows/')[1]!;
  const { matching } = await trpcQuery<{ matching: number }>(page, 'segments.count', {
    rule: { and: [{ '>': [{ var: 'case.total_open_amount' }, 10_000] }, { var: 'debtor.has_email' }] },
    timezone: 'Europe/Amsterdam',
  });
  expect(matching).toBeGreaterThan(100);
  await expect
    .poll(async () => (await trpcQuery<{ activeCases: number }>(page, 'flows.get', { flowId })).activeCases, {
      timeout: 20_000,
    })
    .toBe(matching);
});

test('anyone can test-run a demo case through a flow and open an old version read-only', async ({ page }) => {
  await signIn(page, 'viewer', '/flows');
  await page.getByRole('link', { name: 'NL consumer (with 14-day letter)' }).click();
  await expect(page.getByText('You can look at this flow and test it')).toBeVisible();
  await expect(page.getByText('No changes since v1')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Test run' }).click();
  const panel = page.getByRole('complementary', { name: 'Side panel' });
  await panel.getByPlaceholder('Debtor name or number').fill('DEB-1000');
  await panel
    .getByRole('button', { name: /DEB-1000/ })
    .first()
    .click();
  const result = page.getByRole('region', { name: 'Test run result' });
  await expect(result.getByRole('heading')).toBeVisible();
  await expect(result.getByRole('listitem').first()).toBeVisible();
  await expect(page.locator('.svelte-flow__edge.traced').first()).toBeAttached();
  await page.screenshot({ path: 'screenshots/flow-designer-test-run.png' });

  await page.getByRole('button', { name: 'Versions' }).click();
  await panel.getByRole('link', { name: 'Version 1' }).click();
  await expect(page.getByText('You are looking at version 1')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore as draft' })).toHaveCount(0);
});

test('a test run works on a large flow too', async ({ page }) => {
  await signIn(page, 'designer', '/flows');
  await expect(page.getByRole('heading', { name: 'Flows', level: 1 })).toBeVisible();
  const created = await page.request.post('/trpc/flows.create', { data: { name: 'Large', draft: largeFlow(300) } });
  const flowId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
  await page.goto(`/flows/${flowId}`);
  await page.getByRole('button', { name: 'Test run' }).click();
  const panel = page.getByRole('complementary', { name: 'Side panel' });
  await panel.getByRole('button', { name: /DEB-/ }).first().click();
  await expect(page.getByRole('region', { name: 'Test run result' }).getByRole('heading')).toContainText(
    'reaches the end',
  );
});

test('flows are exported, imported, duplicated, renamed and archived from the list', async ({ page }) => {
  await signIn(page, 'designer', '/flows');
  const row = page.getByRole('row', { name: /DE B2C three-level dunning/ });
  const downloading = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Export DE B2C three-level dunning as JSON' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('de-b2c-three-level-dunning.json');
  const exported = JSON.parse(
    await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString()),
  ) as {
    name: string;
    nodes: unknown[];
  };
  expect(exported.nodes).toHaveLength(19);

  await page.getByLabel('Flow file to import').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"schemaVersion": 1, "name": "Broken", "nodes": ['),
  });
  await expect(page.getByRole('alert')).toContainText('broken.json is not valid JSON');

  await page.getByLabel('Flow file to import').setInputFiles({
    name: 'imported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...exported, name: 'Imported three levels' })),
  });
  await expect(page.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Imported three levels');
  await expect(page.getByText('Ready to publish: no problems found')).toBeVisible();

  await page.getByRole('link', { name: 'All flows' }).click();
  await page
    .getByRole('row', { name: /Imported three levels/ })
    .getByRole('button', { name: /Duplicate/ })
    .click();
  await expect(page.getByRole('status')).toHaveText('“Imported three levels (copy)” was created as a draft.');
  await page
    .getByRole('row', { name: /levels \(copy\)/ })
    .getByRole('button', { name: /Rename/ })
    .click();
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('Copy to throw away');
  await page.getByRole('dialog').getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('row', { name: /Copy to throw away/ })).toBeVisible();
  await page.screenshot({ path: 'screenshots/flows-list.png' });

  await page
    .getByRole('row', { name: /Copy to throw away/ })
    .getByRole('button', { name: /Archive/ })
    .click();
  await page.getByRole('button', { name: 'Archive flow' }).click();
  await expect(page.getByRole('status')).toContainText('“Copy to throw away” was archived');
  await expect(page.getByRole('row', { name: /Copy to throw away/ })).toHaveCount(0);
});

test('two people editing one flow: the later save is refused, and its changes are kept as a new flow', async ({
  page,
  browser,
}) => {
  await signIn(page, 'designer', '/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('Edited by two');
  await page.getByRole('button', { name: 'Create and open' }).click();
  await expect(step(page, 'start')).toBeVisible();
  const address = page.url();

  const other = await browser.newPage();
  await signIn(other, 'admin', address);
  await expect(step(other, 'start')).toBeVisible();
  await other.getByRole('textbox', { name: 'Flow name' }).fill('Renamed by the admin');
  await expect(other.getByRole('status').filter({ hasText: /^\s*Saved\s*$/ })).toBeVisible({ timeout: 10_000 });

  await page.getByRole('complementary', { name: 'Steps' }).locator('button[data-step-type="exit"]').click();
  await expect(step(page, 'exit-1')).toBeVisible();
  const conflict = page.getByRole('alert').filter({ hasText: 'saved this flow after you opened it' });
  await expect(conflict).toContainText('Anne de Vries saved this flow after you opened it');
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
  await page.screenshot({ path: 'screenshots/flow-designer-conflict.png' });

  await conflict.getByRole('button', { name: 'Keep mine as a new flow' }).click();
  await expect(page.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Edited by two (my version)');
  await expect(step(page, 'exit-1')).toBeVisible();
  await other.reload();
  await expect(other.getByRole('textbox', { name: 'Flow name' })).toHaveValue('Renamed by the admin');
  await expect(step(other, 'exit-1')).toHaveCount(0);
  await other.close();
});
