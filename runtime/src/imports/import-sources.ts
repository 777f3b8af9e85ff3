/** Saved import sources of a workspace: a mapping per ERP export, optionally with a watched folder. */
import { type ImportSource, SaveImportSourceInput } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const columns = `key, name, mapping, dialect, watch_folder as "watchFolder",
  to_json(updated_at) #>> '{}' as "updatedAt"`;

export async function listImportSources(db: Queryable, workspaceId: string): Promise<ImportSource[]> {
  const { rows } = await db.query<ImportSource>(
    `select ${columns} from import_sources where workspace_id = $1 order by name`,
    [workspaceId],
  );
  return rows;
}

export async function importSourceByKey(
  db: Queryable,
  workspaceId: string,
  key: string,
): Promise<(ImportSource & { id: string }) | null> {
  const { rows } = await db.query<ImportSource & { id: string }>(
    `select id, ${columns} from import_sources where workspace_id = $1 and key = $2`,
    [workspaceId, key],
  );
  return rows[0] ?? null;
}

/** Creates or replaces the source with this key. */
export async function saveImportSource(
  db: Queryable,
  workspaceId: string,
  input: SaveImportSourceInput,
): Promise<ImportSource & { id: string }> {
  const source = SaveImportSourceInput.parse(input);
  const { rows } = await db.query<ImportSource & { id: string }>(
    `insert into import_sources (workspace_id, key, name, mapping, dialect, watch_folder)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (workspace_id, key) do update set name = excluded.name, mapping = excluded.mapping,
       dialect = excluded.dialect, watch_folder = excluded.watch_folder, updated_at = now()
     returning id, ${columns}`,
    [workspaceId, source.key, source.name, source.mapping, source.dialect, source.watchFolder],
  );
  return rows[0]!;
}

export async function deleteImportSource(db: Queryable, workspaceId: string, key: string): Promise<void> {
  const { rowCount } = await db.query('delete from import_sources where workspace_id = $1 and key = $2', [
    workspaceId,
    key,
  ]);
  if (!rowCount) throw new DomainError('NOT_FOUND', `There is no import “${key}”.`, { field: 'key' });
}

/** Every source with a watched folder, in all workspaces (for the worker). */
export async function watchedImportSources(
  db: Queryable,
): Promise<(ImportSource & { id: string; workspaceId: string; watchFolder: string })[]> {
  const { rows } = await db.query<ImportSource & { id: string; workspaceId: string; watchFolder: string }>(
    `select id, workspace_id as "workspaceId", ${columns} from import_sources where watch_folder is not null`,
  );
  return rows;
}
