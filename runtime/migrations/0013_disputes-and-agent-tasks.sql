-- Disputes a debtor raised on the paylink page ("already paid", "amount is wrong", "not my
-- debt"), with an optional attachment (a receipt, a letter: PDF, JPEG or PNG up to 5 MB).
-- An open dispute pauses its case until an agent resolves it.
create table disputes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('already_paid', 'amount_wrong', 'not_mine', 'other')),
  message text not null check (length(message) <= 2000),
  attachment_name text check (length(attachment_name) between 1 and 200),
  attachment_type text check (attachment_type in ('application/pdf', 'image/jpeg', 'image/png')),
  attachment bytea check (octet_length(attachment) <= 5242880),
  status text not null default 'open' check (status in ('open', 'resumed', 'closed')),
  resolution_note text check (length(resolution_note) <= 2000),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid,
  unique (workspace_id, id),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create unique index disputes_open_idx on disputes (workspace_id, case_id) where status = 'open';

-- Work for agents: a dispute to look at (later also call-back requests from reminder calls).
create table agent_tasks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('dispute')),
  dispute_id uuid,
  status text not null default 'open' check (status in ('open', 'done')),
  created_at timestamptz not null default now(),
  done_at timestamptz,
  done_by uuid,
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade,
  foreign key (workspace_id, dispute_id) references disputes (workspace_id, id) on delete cascade
);
create index agent_tasks_open_idx on agent_tasks (workspace_id, created_at) where status = 'open';
