/**
 * Playwright global setup: starts the real product the way a user does (`collectflow start
 * --demo`) on a brand-new database, waits until /readyz says it is ready, and stops it and
 * drops the database afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  collectflowBin,
  createEmptyDatabase,
  dropDatabase,
  findFreePort,
  repositoryDataDir,
  startTestCluster,
} from '@collectflow/runtime/testing';

export default async function startProduct() {
  const cluster = await startTestCluster(`${repositoryDataDir}/e2e-postgres`);
  const database = await createEmptyDatabase(cluster.adminConnectionString);
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const product: ChildProcess = spawn(process.execPath, [collectflowBin, 'start', '--demo'], {
    env: { ...process.env, DATABASE_URL: database.connectionString, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  product.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  product.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));

  const stop = async () => {
    if (product.exitCode === null) {
      const exited = new Promise((resolve) => product.once('exit', resolve));
      product.kill('SIGTERM');
      await exited;
    }
    await dropDatabase(cluster.adminConnectionString, database.name);
    await cluster.stop();
  };

  try {
    await waitUntilReady(baseUrl, product);
  } catch (error) {
    await stop();
    throw new Error(`The product did not become ready: ${(error as Error).message}\n${output.join('')}`);
  }
  process.env.E2E_BASE_URL = baseUrl;
  return stop;
}

async function waitUntilReady(baseUrl: string, product: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (product.exitCode !== null) throw new Error(`it exited with code ${product.exitCode}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ready answer from ${baseUrl}/readyz within ${timeoutMs / 1000} s`);
}
