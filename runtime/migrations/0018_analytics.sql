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
create index run_analytics_flow_idx on run_analytics (workspace_id, flow_id, entered_at);

-- Daily rollups of run_analytics (runtime/src/analytics/roll-up-days.ts), per day of entry, flow
-- version and brand: a year of a million cases is a few thousand rows, so the dashboard, the
-- funnel and the A/B results answer in milliseconds. A refresh recomputes the days of the runs it
-- touched. `hours` is a histogram of hours from first message to payment (buckets in
-- @collectflow/shared analytics/time-to-pay-buckets.ts), from which medians and bands are read.
create table analytics_days (
  workspace_id uuid not null,
  day date not null,
  flow_id uuid not null,
  flow_version integer not null,
  brand_id uuid,
  currency char(3) not null,
  entered integer not null,
  paid integer not null,
  collected_minor bigint not null,
  handed_over integer not null,
  messages integer not null,
  paid_within_24h integer not null,
  paid_after_message integer not null,
  hours jsonb not null
);
create index analytics_days_idx on analytics_days (workspace_id, day);

-- The same days broken down: `dimension` says what `key` (and `detail`) are —
--   connector  "channel:connector key": runs reached (cases), messages sent
--   paid_after channel of the last message before payment: paid (cases), of those within 24 h (paid)
--   node       step id: runs that passed it (cases), of those paid (paid)
--   step       step id, detail output handle: runs that left by it (cases)
--   stand      step id: runs waiting or ended there without passing it (cases), paid, still active (messages)
--   variant    A/B split id, detail variant: runs (cases), paid, collected, hours
--   subject    e-mail template key, detail subject line: as variant
create table analytics_day_counts (
  workspace_id uuid not null,
  day date not null,
  flow_id uuid not null,
  flow_version integer not null,
  brand_id uuid,
  dimension text not null,
  key text not null,
  detail text not null default '',
  cases integer not null,
  paid integer not null default 0,
  messages integer not null default 0,
  collected_minor bigint not null default 0,
  hours jsonb
);
create index analytics_day_counts_idx on analytics_day_counts (workspace_id, flow_id, day);
create index analytics_day_counts_day_idx on analytics_day_counts (workspace_id, day, dimension);

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
