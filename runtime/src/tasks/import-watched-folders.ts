/** `import_watched_folders` (every minute): imports new files from the import sources' watched folders. */
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { importWatchedFolders } from '../imports/watched-folders.ts';
import type { Logger } from '../logging/logger.ts';

export const importWatchedFoldersTaskName = 'import_watched_folders';

export const importWatchedFoldersTask =
  (pool: Pool, definitions: FlowDefinitions, logger: Logger): Task =>
  async () => {
    await importWatchedFolders({ pool, definitions, logger: logger.child({ component: 'imports' }) });
  };
