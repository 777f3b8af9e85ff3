-- Data model v1: workspaces, members and their sign-ins, brands, debtors, invoices, cases and
-- the append-only event timeline.
--
-- Every domain table carries workspace_id, and every reference between domain tables includes
-- it (composite foreign keys on (workspace_id, id)), so a row can never point into another
-- workspace even if application code forgets a filter. Money is bigint minor units + ISO code.

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create type user_role as enum ('admin', 'designer', 'marketing', 'agent', 'viewer');

create table users (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  email text not null check (email = lower(email) and position('@' in email) > 1),
  name text not null check (length(name) between 1 and 200),
  password_hash text not null,
  role user_role not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  disabled_at timestamptz,
  unique (workspace_id, id)
);
-- Sign-in is by e-mail alone, so an address belongs to one member across all workspaces.
create unique index users_email_key on users (email);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
-- database leak does not hand out live sessions.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  user_id uuid not null,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip inet,
  user_agent text,
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index sessions_user_idx on sessions (workspace_id, user_id);
create index sessions_expires_idx on sessions (expires_at);

-- Sign-in attempts, for rate limiting by address and by client IP. Not workspace data: an
-- attempt happens before anyone is known to belong to a workspace.
create table sign_in_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip inet,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_attempts_email_idx on sign_in_attempts (email, attempted_at);
create index sign_in_attempts_ip_idx on sign_in_attempts (ip, attempted_at);

create table brands (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  logo_url text,
  colours jsonb not null,
  fonts jsonb not null,
  sender_identities jsonb not null default '[]',
  legal_footer text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, name)
);

create type debtor_kind as enum ('person', 'company');
create type channel as enum ('email', 'sms', 'letter', 'voice');

create table debtors (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  external_id text not null check (length(external_id) between 1 and 100),
  kind debtor_kind not null default 'person',
  first_name text,
  last_name text,
  company_name text,
  language text not null check (language ~ '^[a-z]{2}$'),
  email text,
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  address_line1 text,
  address_line2 text,
  postal_code text,
  city text,
  country_code text check (country_code ~ '^[A-Z]{2}$'),
  preferred_channel channel,
  consents jsonb not null default '{}',
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, external_id),
  check (coalesce(last_name, company_name) is not null)
);

create type case_status as enum ('open', 'paused', 'paid', 'closed');

create table cases (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  debtor_id uuid not null,
  status case_status not null default 'open',
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, debtor_id) references debtors (workspace_id, id) on delete cascade,
  check ((status in ('paid', 'closed')) = (closed_at is not null))
);
create index cases_debtor_idx on cases (workspace_id, debtor_id);
create index cases_status_idx on cases (workspace_id, status);

create type invoice_status as enum ('open', 'paid', 'cancelled', 'disputed');

create table invoices (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  debtor_id uuid not null,
  case_id uuid,
  external_id text not null check (length(external_id) between 1 and 100),
  amount_minor bigint not null check (amount_minor >= 0),
  open_amount_minor bigint not null check (open_amount_minor between 0 and amount_minor),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  issue_date date not null,
  due_date date not null check (due_date >= issue_date),
  status invoice_status not null default 'open',
  attributes jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, external_id),
  foreign key (workspace_id, debtor_id) references debtors (workspace_id, id) on delete cascade,
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete set null (case_id)
);
create index invoices_debtor_idx on invoices (workspace_id, debtor_id);
create index invoices_case_idx on invoices (workspace_id, case_id) where case_id is not null;
create index invoices_open_due_idx on invoices (workspace_id, due_date) where status = 'open';

-- The timeline. Append-only: rows are never updated (a trigger refuses it). Deletion is kept
-- for erasure (GDPR) and for removing a whole workspace.
create table events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  case_id uuid not null,
  type text not null check (type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
  occurred_at timestamptz not null default now(),
  recorded_at timestamptz not null default now(),
  source text not null check (source in ('system', 'user', 'connector', 'debtor', 'import')),
  actor_user_id uuid,
  payload jsonb not null default '{}',
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index events_case_timeline_idx on events (workspace_id, case_id, occurred_at, id);

create function events_refuse_update() returns trigger language plpgsql as $$
begin
  raise exception 'events are append-only: event % cannot be changed', old.id
    using errcode = 'restrict_violation';
end;
$$;
create trigger events_append_only before update on events
  for each row execute function events_refuse_update();

-- Liveness of worker processes, for /readyz of server-only processes. Not workspace data.
create table worker_heartbeats (
  worker_id text primary key,
  hostname text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
