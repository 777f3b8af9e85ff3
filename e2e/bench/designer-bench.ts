/**
 * `pnpm bench`, designer part: the JavaScript the paylink page and the designer download, how
 * fast the flow editor opens a 500-step flow, and how smoothly it pans and zooms, in headless
 * Chromium against the real product. Every figure comes with a
 * baseline measured in the same run (a 10-step flow; the browser's frame rate with nothing
 * happening), because these machines are noisy.
 *
 *   BENCH_DESIGNER_STEPS   steps of the large flow (default 500)
 *   BENCH_DESIGNER_RUNS    openings measured per flow, the median is reported (default 5)
 */
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumArgs, findChromium } from '../chromium.ts';
import startProduct from '../start-product.ts';
import { measureBundleSizes } from './bundle-size.ts';
import { largeFlow } from './large-flow.ts';

const steps = Number(process.env.BENCH_DESIGNER_STEPS ?? 500);
const runs = Number(process.env.BENCH_DESIGNER_RUNS ?? 5);

function report(name: string, value: number, unit: string, note = ''): void {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
  process.stdout.write(`bench ${name}: ${shown} ${unit}${note ? `  (${note})` : ''}\n`);
}

const sizes = measureBundleSizes();
report('designer-app-js-gzip', sizes.designerKb, 'KB', 'baseline: the whole designer app');
report('paylink-page-js-gzip', sizes.paylinkKb, 'KB', 'the public paylink page; target < 100 KB');
report('paylink-page-vs-designer', sizes.paylinkKb / sizes.designerKb, '× baseline');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function call<T>(context: BrowserContext, path: string, input: unknown): Promise<T> {
  const response = await context.request.post(`/trpc/${path}`, { data: input });
  if (!response.ok()) throw new Error(`${path} failed: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** Milliseconds from clicking the flow in the list until its steps are drawn and validated. */
async function openTime(page: Page, name: string): Promise<number> {
  await page.goto('/flows');
  await page.getByRole('link', { name, exact: true }).waitFor();
  const started = Date.now();
  await page.getByRole('link', { name, exact: true }).click();
  // A cheap check each frame (reading the whole page's text would itself slow the page down).
  await page.waitForFunction(
    () => {
      const node = document.querySelector<HTMLElement>('.svelte-flow__node');
      const problems = document.querySelector('section[aria-label="Problems"] .head');
      return node !== null && node.style.visibility !== 'hidden' && problems?.textContent?.includes('Ready') === true;
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  return Date.now() - started;
}

/** Frames per second and the 95th-percentile frame time while `work` runs. */
async function frameRate(page: Page, work: () => Promise<void>): Promise<{ fps: number; p95: number }> {
  // A string, not a function: tsx would wrap the inner function's name in a helper the page lacks.
  await page.evaluate(`(() => {
    window.benchFrames = [];
    window.benchRecording = true;
    const tick = (time) => {
      window.benchFrames.push(time);
      if (window.benchRecording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await work();
  const frames = (await page.evaluate('window.benchRecording = false, window.benchFrames')) as number[];
  const gaps = frames.slice(1).map((time, index) => time - frames[index]!);
  const seconds = (frames.at(-1)! - frames[0]!) / 1000;
  return { fps: gaps.length / seconds, p95: [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length * 0.95)]! };
}

/** Zooms in and out with the wheel and pans by dragging the pane, as a user exploring the flow. */
async function panAndZoom(page: Page): Promise<void> {
  const pane = (await page.locator('.svelte-flow__pane').boundingBox())!;
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  for (const delta of [...Array(12).fill(-120), ...Array(12).fill(120)]) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(16);
  }
  await page.mouse.down();
  for (let step = 0; step < 60; step += 1) {
    await page.mouse.move(centre.x + Math.sin(step / 6) * 300, centre.y + Math.cos(step / 6) * 200);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

const stopProduct = await startProduct();
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
try {
  const context = await browser.newContext({
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 1600, height: 1000 },
  });
  await call(context, 'auth.signIn', { email: 'designer@demo-energie.example', password: 'collectflow-demo' });
  const small = largeFlow(10);
  const large = largeFlow(steps);
  await call(context, 'flows.create', { name: small.name, draft: small });
  await call(context, 'flows.create', { name: large.name, draft: large });
  // The demo's own flows enrol their cases right after start; measure once the worker is quiet.
  let before = '';
  for (let waited = 0; waited < 30; waited += 1) {
    const flows = await context.request.get('/trpc/flows.list');
    const total = await flows.text();
    if (total === before) break;
    before = total;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  process.stdout.write(`Benchmarking the designer in headless Chromium, ${runs} openings per flow\n`);

  const page = await context.newPage();
  await openTime(page, small.name); // warm the browser's cache of the app
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    smallTimes.push(await openTime(page, small.name));
    largeTimes.push(await openTime(page, large.name));
  }
  report('designer-open-10', median(smallTimes), 'ms', 'baseline: a 10-step flow, median');
  report('designer-open-500', median(largeTimes), 'ms', `a ${steps}-step flow, median; target < 1,500 ms`);
  report('designer-open-500-vs-10', median(largeTimes) / median(smallTimes), '× baseline');

  const idle = await frameRate(page, () => page.waitForTimeout(2000));
  await page.getByRole('button', { name: 'Fit View' }).click();
  const moving = await frameRate(page, () => panAndZoom(page));
  report('designer-idle-fps', idle.fps, 'fps', 'baseline: the same page, nothing moving');
  report('designer-pan-zoom-fps', moving.fps, 'fps', `zooming and panning the ${steps}-step flow`);
  report('designer-pan-zoom-vs-idle', moving.fps / idle.fps, '× baseline', 'target ≥ 0.8');
  report('designer-pan-zoom-p95-frame', moving.p95, 'ms', '95th percentile frame time');
} finally {
  await browser.close();
  await stopProduct();
}
