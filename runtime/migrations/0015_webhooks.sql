-- Outbound webhooks: the ERP (or anything else) subscribes to case events and gets each one
-- POSTed as signed JSON. A delivery is written in the same transaction as its event (by the
-- trigger below, so no code path that records an event can forget it), then sent by the
-- worker's deliver_webhook task, retried with exponential backoff, and set aside as dead after
-- its last attempt, for someone to look at and retry.
create table webhook_subscriptions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  description text not null default '' check (length(description) <= 200),
  events text[] not null check (cardinality(events) > 0),
  -- The signing secret, sealed with the service's secret key (AES-256-GCM).
  secret_sealed bytea not null,
  active boolean not null default true,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create index webhook_subscriptions_events_idx on webhook_subscriptions using gin (events) where active;

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  subscription_id uuid not null,
  event_id bigint,
  event_type text not null,
  case_id uuid,
  -- The JSON body, built at the first attempt and sent unchanged on every retry.
  body text,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text check (length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  foreign key (workspace_id, subscription_id) references webhook_subscriptions (workspace_id, id) on delete cascade
);
create index webhook_deliveries_list_idx on webhook_deliveries (workspace_id, status, created_at desc);

create function queue_webhook_deliveries() returns trigger language plpgsql as $$
declare
  delivery record;
begin
  for delivery in
    insert into webhook_deliveries (workspace_id, subscription_id, event_id, event_type, case_id)
    select new.workspace_id, s.id, new.id, new.type, new.case_id
      from webhook_subscriptions s
     where s.workspace_id = new.workspace_id and s.active and s.events @> array[new.type]
    returning id
  loop
    perform graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', delivery.id),
                                    job_key := 'webhook:' || delivery.id, job_key_mode := 'preserve_run_at',
                                    max_attempts := 1);
  end loop;
  return null;
end;
$$;

-- Only the event types a subscription can ask for fire the trigger: the flow steps' own events
-- (written by the thousand) pay nothing for it.
create trigger events_webhooks after insert on events for each row
  when (new.type in ('case.paid', 'promise.made', 'plan.agreed', 'dispute.opened', 'case.handed_over',
                     'message.failed', 'erp.notified'))
  execute function queue_webhook_deliveries();
