-- One paylink per case: `/p/<token>`. The token (128 bits, derived from the service's secret
-- key and the case id, so every message of the case carries the same link without the token
-- being stored) is kept only as its SHA-256, to find the case when the debtor opens the link.
create table paylinks (
  token_hash bytea primary key,
  workspace_id uuid not null,
  case_id uuid not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, case_id),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
