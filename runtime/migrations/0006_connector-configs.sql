-- A workspace's configured connectors. Flows name them by `key` (a channel step's `connector`);
-- `connector` is the plugin (e.g. email-smtp). Settings that are secrets live only in
-- `secrets`, sealed with AES-256-GCM and bound to workspace and key (runtime/src/connectors).
create table connector_configs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,63}$' and key <> 'sandbox'),
  connector text not null check (length(connector) between 1 and 64),
  name text not null check (length(name) between 1 and 100),
  settings jsonb not null,
  secrets bytea,
  -- Which secret settings are set (their values are only in `secrets`): the designer shows "set".
  secret_fields text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (workspace_id, id),
  unique (workspace_id, key)
);
