-- Promises to pay made by debtors on their paylink page. An open promise pauses the case until
-- the day after its date; then it is kept (the case was paid) or broken (the flows go on).
create table promises (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  promised_date date not null,
  status text not null default 'open' check (status in ('open', 'kept', 'broken')),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
-- At most one open promise per case.
create unique index promises_open_idx on promises (workspace_id, case_id) where status = 'open';
