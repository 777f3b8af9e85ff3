/** Vitest global setup: one PostgreSQL and one migrated template database per test run. */
import type { TestProject } from 'vitest/node';
import { createTemplateDatabase, dropDatabase, startTestCluster } from './test-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminConnectionString: string; template: string };
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  const template = await createTemplateDatabase(cluster.adminConnectionString);
  project.provide('testDatabase', { adminConnectionString: cluster.adminConnectionString, template });
  return async () => {
    await dropDatabase(cluster.adminConnectionString, template);
    await cluster.stop();
  };
}
