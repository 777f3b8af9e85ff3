-- Payments started from the paylink page at a payment provider (a "checkout"). The provider's
-- webhook only says which payment changed; its status is fetched from the provider and written
-- here. The step to `paid` happens once (the row is locked), so a webhook delivered twice, or
-- together with the debtor's return, records the payment once.
create table checkouts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  case_id uuid not null,
  connector text not null,
  provider_payment_id text check (length(provider_payment_id) between 1 and 100),
  checkout_url text,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  status text not null default 'creating'
    check (status in ('creating', 'open', 'pending', 'paid', 'failed', 'canceled', 'expired')),
  method text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  paid_at timestamptz,
  unique (workspace_id, connector, provider_payment_id),
  foreign key (workspace_id, case_id) references cases (workspace_id, id) on delete cascade
);
create index checkouts_case_idx on checkouts (workspace_id, case_id, created_at desc);

-- What a payment could not be applied to: money beyond what was open (`overpaid`) or money for a
-- case that was already closed (`case_closed`). Such payments are kept and flagged for staff.
alter table payments
  add column unapplied_minor bigint not null default 0 check (unapplied_minor >= 0),
  add column flag text check (flag in ('overpaid', 'case_closed'));
create index payments_flagged_idx on payments (workspace_id, created_at desc) where flag is not null;

-- Fees a flow charged (reminder fees, collection costs) are owed like invoices: the paylink
-- shows them and a payment of the whole case pays them after the invoices.
alter table case_charges add column paid_minor bigint not null default 0 check (paid_minor >= 0 and paid_minor <= amount_minor);
