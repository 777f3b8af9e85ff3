-- What debtors may arrange on their paylink page (promise horizon, installment plans), per brand.
alter table brands
  add column self_service jsonb not null default '{"promiseMaxDays": 30, "installments": null}';

-- Installment plans a debtor chose on the paylink page. While a plan is active its case is
-- paused and in no flow; each installment is looked at a few days after its due date.
create table installment_plans (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  status text not null default 'active' check (status in ('active', 'completed', 'broken', 'cancelled')),
  total_minor bigint not null check (total_minor > 0),
  currency char(3) not null,
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create unique index installment_plans_active_idx on installment_plans (workspace_id, case_id) where status = 'active';

create table installments (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  plan_id uuid not null references installment_plans (id) on delete cascade,
  seq smallint not null check (seq >= 1),
  due_date date not null,
  amount_minor bigint not null check (amount_minor > 0),
  status text not null default 'open' check (status in ('open', 'paid', 'missed')),
  paid_at timestamptz,
  primary key (plan_id, seq)
);

-- Each installment of a plan has a paylink of its own, which collects exactly that installment
-- (the case's own paylink stays, one per case).
alter table paylinks
  add column plan_id uuid references installment_plans (id) on delete cascade,
  add column seq smallint check (seq >= 1),
  add check ((plan_id is null) = (seq is null)),
  drop constraint paylinks_workspace_id_case_id_key;
create unique index paylinks_case_idx on paylinks (workspace_id, case_id) where plan_id is null;
create unique index paylinks_installment_idx on paylinks (plan_id, seq) where plan_id is not null;
