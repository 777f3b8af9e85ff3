-- File imports. An import source is a saved way to read one ERP's CSV export: its column
-- mapping, its dialect (encoding, separator) when detection is not wanted, and optionally a
-- folder the worker watches for new files. Each import of a file is recorded with its counts
-- and its rejected rows (the first 10,000, for the report to download).
create table import_sources (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name text not null check (length(name) between 1 and 100),
  mapping jsonb not null,
  dialect jsonb not null default '{}',
  watch_folder text check (length(watch_folder) between 1 and 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, key),
  unique (workspace_id, id)
);

create table imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  source_id uuid references import_sources (id) on delete set null,
  file_name text not null check (length(file_name) between 1 and 300),
  origin text not null check (origin in ('upload', 'folder')),
  dry_run boolean not null default false,
  status text not null default 'running' check (status in ('running', 'done', 'failed')),
  -- Rows read so far (while running), then in the file.
  rows integer not null default 0,
  imported_rows integer not null default 0,
  rejected_rows integer not null default 0,
  -- Dialect, debtors and invoices created/updated, cases opened, runs started.
  summary jsonb not null default '{}',
  headers text[] not null default '{}',
  -- The first 10,000 problems and rejected rows ({line, column, reason} / {line, values}).
  problems jsonb not null default '[]',
  rejected jsonb not null default '[]',
  error text,
  started_by uuid references users (id) on delete set null,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index imports_workspace_idx on imports (workspace_id, started_at desc);
