-- Machine learning: the best-channel policy, its versioned models, its decisions, and the
-- traffic shares of self-optimising A/B splits. See docs/machine-learning.md.

-- Every model the training cron fitted for a bestChannel node: a new version per training,
-- never changed afterwards, with its training window, sample size and offline metrics.
create table ml_models (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  flow_id uuid not null,
  node_id text not null,
  version integer not null check (version > 0),
  trained_at timestamptz not null default now(),
  window_start timestamptz not null,
  window_end timestamptz not null,
  reward_window_days integer not null,
  seed bigint not null,
  sample_size integer not null,
  positives integer not null,
  -- Feature names, per candidate channel the posterior of its logistic model, send-time counts.
  model jsonb not null,
  -- Offline metrics on the held-out sample: log loss against the base rate, AUC, per candidate.
  metrics jsonb not null,
  primary key (workspace_id, flow_id, node_id, version),
  foreign key (workspace_id, flow_id) references flows (workspace_id, id) on delete cascade
);

-- The model page's switch: a node set to 'fixed' takes the first reachable candidate in its
-- fallback order, whatever the model says. No row: learned.
create table ml_policy_modes (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  flow_id uuid not null,
  node_id text not null,
  mode text not null check (mode in ('learned', 'fixed')),
  changed_by uuid,
  changed_at timestamptz not null default now(),
  primary key (workspace_id, flow_id, node_id),
  foreign key (workspace_id, flow_id) references flows (workspace_id, id) on delete cascade
);

-- What a bestChannel node chose for a case, written with the step: which model version, why,
-- and the chance the policy had of choosing it (for the off-policy uplift estimate).
create table ml_decisions (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  flow_id uuid not null,
  node_id text not null,
  case_id uuid not null,
  run_id uuid not null,
  model_version integer,
  channel channel,
  reason text not null check (reason in ('model', 'exploration', 'cold_start', 'fixed_rule', 'unreachable')),
  propensity double precision not null check (propensity > 0 and propensity <= 1),
  -- The channels the case could receive, in fallback order.
  reachable channel[] not null,
  decided_at timestamptz not null default now(),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index ml_decisions_node_idx on ml_decisions (workspace_id, flow_id, node_id, decided_at);

-- Traffic shares of A/B splits that shift traffic to the winner, recomputed by the training
-- cron from the splits' results: {handle: percent}.
create table ml_split_allocations (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  flow_id uuid not null,
  node_id text not null,
  shares jsonb not null,
  computed_at timestamptz not null default now(),
  -- Cases and payments per variant the shares were computed from: {handle: {cases, paid}}.
  basis jsonb not null,
  primary key (workspace_id, flow_id, node_id),
  foreign key (workspace_id, flow_id) references flows (workspace_id, id) on delete cascade
);
