-- Where each source connector's pulls stand: the cursor to resume from (written with the batch
-- it follows, in one transaction), when it last pulled, what it brought, and its last error.
create table source_pulls (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  connector_key text not null,
  cursor text,
  pulled_at timestamptz,
  last_counts jsonb not null default '{}',
  last_error text check (length(last_error) <= 1000),
  primary key (workspace_id, connector_key)
);
