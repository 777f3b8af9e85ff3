-- Flows and their immutable versions, runs (a case's journey through one version), the
-- outbox of messages with its dispatch log, payments, case fees, API keys and idempotency keys.
-- Same rules as 0001: every domain table carries workspace_id and references go through
-- composite (workspace_id, id) keys.

-- Workspaces get a short name for the CLI and API (`demo-energie`).
alter table workspaces add column slug text;
update workspaces w
   set slug = s.slug || case when s.n > 1 then '-' || s.n else '' end
  from (select id,
               coalesce(nullif(trim(both '-' from regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g')), ''), 'workspace') as slug,
               row_number() over (partition by regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g') order by created_at) as n
          from workspaces) s
 where s.id = w.id;
alter table workspaces alter column slug set not null;
alter table workspaces add constraint workspaces_slug_format check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60);
create unique index workspaces_slug_key on workspaces (slug);

-- The dunning level (Mahnstufe) a flow's action step sets; segments read it.
alter table cases add column dunning_level smallint not null default 0 check (dunning_level between 0 and 20);

create type flow_status as enum ('draft', 'active', 'paused', 'archived');

-- A flow: the draft being edited (JSON, possibly unfinished) and a pointer to its newest
-- published version. `status` is draft until the first publish.
create table flows (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  status flow_status not null default 'draft',
  draft jsonb not null,
  current_version integer,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (workspace_id, id),
  check ((status = 'draft') = (current_version is null) or status = 'archived')
);
create index flows_workspace_idx on flows (workspace_id, status);

-- Published versions never change (a trigger refuses it): runs pin them.
create table flow_versions (
  workspace_id uuid not null,
  flow_id uuid not null,
  version integer not null check (version >= 1),
  graph jsonb not null,
  note text not null default '' check (length(note) <= 1000),
  published_at timestamptz not null default now(),
  published_by uuid,
  primary key (flow_id, version),
  unique (workspace_id, flow_id, version),
  foreign key (workspace_id, flow_id) references flows (workspace_id, id) on delete cascade
);

create function flow_versions_refuse_update() returns trigger language plpgsql as $$
begin
  raise exception 'flow version % of flow % is published and cannot be changed', old.version, old.flow_id
    using errcode = 'restrict_violation';
end;
$$;
create trigger flow_versions_immutable before update on flow_versions
  for each row execute function flow_versions_refuse_update();

create type run_status as enum ('active', 'completed', 'exited', 'failed');

-- A run: one case in one flow version. `node_id` is where it stands (null: not started),
-- `node_state` what that node remembers while the case waits there (e.g. the message it
-- sent), `waiting_for` the events that wake it early, `wake_at` when its job runs next.
-- `revision` goes up with every change: a step writes only if the run is as it read it.
--
-- The busiest tables (runs, messages, events) reference their case, not the workspace: the
-- case carries the workspace (composite keys) and cascades deletion, while a foreign key to
-- the one workspace row would make every insert lock that same row — with many writers,
-- PostgreSQL then rebuilds a multixact on it for each of them.
create table runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  flow_id uuid not null,
  flow_version integer not null,
  status run_status not null default 'active',
  revision integer not null default 0,
  node_id text,
  node_state jsonb,
  waiting_for text[],
  wake_at timestamptz,
  steps integer not null default 0,
  entered_at timestamptz not null default now(),
  finished_at timestamptz,
  exit_reason text,
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade,
  foreign key (workspace_id, flow_id, flow_version) references flow_versions (workspace_id, flow_id, version),
  check ((status = 'active') = (finished_at is null))
);
-- A case is in a flow at most once at a time.
create unique index runs_one_active_per_case on runs (flow_id, case_id) where status = 'active';
create index runs_flow_case_idx on runs (workspace_id, flow_id, case_id);
create index runs_case_idx on runs (workspace_id, case_id);
-- A step rewrites node_state, wake_at, waiting_for and revision, none of them indexed, so the
-- update can stay on its page (HOT) without touching the indexes — if the page has room.
-- (That is why the minutely sweep of overdue runs has no index on wake_at: one index entry
-- per step would cost more than scanning the active runs once a minute.)
alter table runs set (fillfactor = 80);

create type message_status as enum ('queued', 'sent', 'delivered', 'failed', 'cancelled');

-- The outbox. A channel step writes a queued message; a sender claims it, re-checks it under
-- its row lock, hands it to the connector and records the outcome. `report_expected`: the
-- connector will still report delivery (until then `sent` means accepted).
create table messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  debtor_id uuid not null,
  run_id uuid,
  node_id text,
  channel channel not null,
  connector text not null,
  template text not null,
  recipient text,
  status message_status not null default 'queued',
  send_after timestamptz not null default now(),
  attempts smallint not null default 0,
  report_expected boolean not null default false,
  provider_message_id text,
  failure_reason text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  -- debtor_id is the case's debtor, copied for the frequency cap's index.
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index messages_due_idx on messages (channel, send_after) where status = 'queued';
create index messages_case_idx on messages (workspace_id, case_id);
create index messages_debtor_recent_idx on messages (workspace_id, debtor_id, created_at);
-- For the sweep that wakes runs whose message was decided but who were not woken (a worker died).
create index messages_decided_idx on messages (finished_at) where run_id is not null;

-- Written (on its own connection, committed) just before a message is handed to a connector.
-- If the worker dies mid-hand-over, the sender's transaction rolls back but this row stays,
-- so the next attempt knows the message may already be with the provider and asks it first
-- instead of sending a duplicate.
create table message_dispatches (
  message_id uuid not null references messages (id) on delete cascade,
  attempt smallint not null,
  workspace_id uuid not null,
  worker_id text not null,
  started_at timestamptz not null default now(),
  primary key (message_id, attempt)
);

-- See runs: the timeline's inserts should not all lock the workspace row.
alter table events drop constraint events_workspace_id_fkey;

-- What the built-in sandbox connector "sent": nothing leaves the machine, every hand-over is
-- recorded here (on the sandbox's own connection, like a provider's own log).
create table sandbox_deliveries (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  message_id uuid not null,
  channel channel not null,
  recipient text not null,
  template text not null,
  handed_over_at timestamptz not null default clock_timestamp()
);
create index sandbox_deliveries_message_idx on sandbox_deliveries (message_id);

create table payments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  case_id uuid,
  invoice_id uuid not null,
  external_id text check (length(external_id) between 1 and 100),
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  paid_at timestamptz not null,
  source text not null check (source in ('api', 'import', 'user', 'connector')),
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, external_id),
  foreign key (workspace_id, invoice_id) references invoices (workspace_id, id) on delete cascade,
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index payments_case_idx on payments (workspace_id, case_id);

-- Fees a flow added to a case (reminder fees, collection costs).
create table case_charges (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  case_id uuid not null,
  run_id uuid,
  kind text not null check (kind in ('fee')),
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  description text not null check (length(description) between 1 and 200),
  created_at timestamptz not null default now(),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index case_charges_case_idx on case_charges (workspace_id, case_id);

-- API keys for the REST API: shown once, stored as SHA-256; `prefix` identifies a key in lists.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  prefix text not null unique,
  key_hash bytea not null unique,
  scopes text[] not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_workspace_idx on api_keys (workspace_id);

-- Responses to requests sent with an Idempotency-Key, replayed when the same request comes
-- again (kept 24 hours). `status` is null while the first request is still being processed.
create table idempotency_keys (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key text not null check (length(key) between 1 and 200),
  request_hash bytea not null,
  status integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (workspace_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- The facts segment rules read, one row per case (column names are the contract with
-- @collectflow/shared's segment field catalog). The invoice aggregate is a lateral subquery:
-- an index look-up per case, equally cheap for one case and predictable for a million.
create view case_segment_facts as
select c.workspace_id,
       c.id as case_id,
       c.status as case_state, -- the enum, for internal filters (its statistics and index apply)
       c.status::text as case_status,
       c.currency::text as case_currency,
       c.dunning_level::integer as case_dunning_level,
       coalesce(i.open_invoices, 0)::integer as case_open_invoices,
       coalesce(i.total_open_amount, 0)::bigint as case_total_open_amount,
       coalesce(i.total_amount, 0)::bigint as case_total_amount,
       i.oldest_due_date as case_oldest_due_date,
       d.id as debtor_id,
       d.external_id as debtor_external_id,
       d.kind::text as debtor_kind,
       d.language as debtor_language,
       d.country_code as debtor_country,
       d.postal_code as debtor_postal_code,
       d.city as debtor_city,
       d.email as debtor_email,
       d.phone as debtor_phone,
       d.preferred_channel::text as debtor_preferred_channel,
       coalesce((d.consents -> 'email' ->> 'granted')::boolean, false) as debtor_email_consent,
       coalesce((d.consents -> 'sms' ->> 'granted')::boolean, false) as debtor_sms_consent,
       coalesce((d.consents -> 'voice' ->> 'granted')::boolean, false) as debtor_voice_consent,
       d.attributes as debtor_attributes
  from cases c
  join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
  left join lateral (
    select count(*) filter (where status = 'open') as open_invoices,
           sum(open_amount_minor) filter (where status = 'open') as total_open_amount,
           sum(amount_minor) as total_amount,
           min(due_date) filter (where status = 'open') as oldest_due_date
      from invoices
     where invoices.workspace_id = c.workspace_id and invoices.case_id = c.id
  ) i on true;

-- Which graphile-worker lock ids (its pool and workers) a Collectflow process holds, and the
-- application_name of its connections: when no connection with that name is left, the process
-- is gone (a killed process's sockets close) and its jobs are released at once rather than
-- after graphile-worker's 4-hour lock timeout.
alter table worker_heartbeats add column lock_ids text[] not null default '{}';
alter table worker_heartbeats add column application_name text;
