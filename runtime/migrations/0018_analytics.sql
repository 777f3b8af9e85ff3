-- Analytics for managers: the dashboard, the funnel per flow, A/B results and the canvas overlay.
--
-- One row per run (a case in one flow version) with what the dashboard asks about it: when it
-- entered, which messages went out, which A/B variants and subject lines it got, which steps it
-- passed, and whether and when the case was paid. The worker's analytics cron
-- (runtime/src/analytics/refresh-run-analytics.ts) keeps it current from runs, messages,
-- payments and the timeline's flow.step events; the dashboard's aggregates then read one
-- narrow table by an index on the entry date instead of millions of events.
create table run_analytics (
  run_id uuid primary key,
  workspace_id uuid not null,
  case_id uuid not null,
  flow_id uuid not null,
  flow_version integer not null,
  entered_at timestamptz not null,
  finished_at timestamptz,
  status run_status not null,
  -- Where it stands (active) or ended: the step it waits at or the exit it took.
  node_id text,
  exit_reason text,
  -- The brand of the templates its messages used (the first message's), if any went out.
  brand_id uuid,
  currency char(3) not null,
  -- Messages handed to a connector in this run, by channel, and by "channel:connector key".
  first_message_at timestamptz,
  messages_sent integer not null default 0,
  sent_by_connector jsonb not null default '{}',
  -- When the case was paid in full after entering (null: not paid), what came in meanwhile.
  paid_at timestamptz,
  collected_minor bigint not null default 0,
  -- The last message before the payment: its channel and how long before the payment it went.
  paid_after_channel channel,
  paid_hours_after_message double precision,
  -- Which variant of each A/B split ({nodeId: handle}) and which subject line of each e-mail
  -- template ({template: subject}) the run got.
  variants jsonb not null default '{}',
  subjects jsonb not null default '{}',
  -- Every "step/handle" the run passed, for the funnel and the canvas overlay.
  path text[] not null default '{}',
  refreshed_at timestamptz not null default now(),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index run_analytics_entered_idx on run_analytics (workspace_id, entered_at);
create index run_analytics_flow_idx on run_analytics (workspace_id, flow_id, flow_version, entered_at);

-- How far the cron got. Everything that changes a run's figures also writes a timeline event
-- (steps, messages, payments), so the cron refreshes the runs of cases with events after
-- `event_id`. The events table's id is its primary key: no new index on the busy tables (an
-- index on runs.updated_at would end the HOT updates each step relies on).
create table analytics_refreshes (
  name text primary key,
  event_id bigint not null,
  refreshed_at timestamptz not null default now()
);

-- What one message costs through a connector, in the workspace's currency (e.g. 0.075 for an
-- SMS); the dashboard multiplies it by the messages sent. Null: not set (counted as 0).
alter table connector_configs add column cost_per_message numeric(10, 4) check (cost_per_message >= 0);
