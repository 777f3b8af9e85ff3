-- The agents' case list: search and filters that stay fast on a million cases.
--
-- 1. What a case still owes, kept on the case. Filtering "more than 500 € open" or "over 30
--    days overdue" over the invoices would aggregate every case's invoices on each request;
--    kept here, it is an index range. Statement-level triggers with transition tables keep it
--    right for every writer (imports, the REST API, payments, source pulls) at one update per
--    statement, and only for cases whose figures changed.
alter table cases
  add column open_amount_minor bigint not null default 0,
  add column oldest_open_due_date date;

create function cases_refresh_open_figures(changed_cases uuid[], changed_workspaces uuid[]) returns void
language sql as $$
  update cases c
     set open_amount_minor = coalesce(f.open_minor, 0), oldest_open_due_date = f.oldest_due
    from (select k.workspace_id, k.case_id,
                 sum(i.open_amount_minor) filter (where i.status = 'open') as open_minor,
                 min(i.due_date) filter (where i.status = 'open') as oldest_due
            from (select distinct w as workspace_id, c as case_id
                    from unnest(changed_workspaces, changed_cases) as k (w, c)
                   where c is not null) k
            left join invoices i on i.workspace_id = k.workspace_id and i.case_id = k.case_id
           group by k.workspace_id, k.case_id) f
   where c.workspace_id = f.workspace_id and c.id = f.case_id
     and (c.open_amount_minor, c.oldest_open_due_date) is distinct from (coalesce(f.open_minor, 0), f.oldest_due);
$$;

-- (Each pair of arrays comes from one aggregate over one scan, so its elements stay paired.)
create function invoices_refresh_case_figures() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform cases_refresh_open_figures(k.cases, k.workspaces)
       from (select array_agg(case_id) as cases, array_agg(workspace_id) as workspaces from new_rows) k;
  elsif tg_op = 'UPDATE' then
    perform cases_refresh_open_figures(k.cases, k.workspaces)
       from (select array_agg(case_id) as cases, array_agg(workspace_id) as workspaces
               from (select case_id, workspace_id from new_rows
                     union all select case_id, workspace_id from old_rows) changed) k;
  else
    perform cases_refresh_open_figures(k.cases, k.workspaces)
       from (select array_agg(case_id) as cases, array_agg(workspace_id) as workspaces from old_rows) k;
  end if;
  return null;
end;
$$;

create trigger invoices_case_figures_insert after insert on invoices
  referencing new table as new_rows for each statement execute function invoices_refresh_case_figures();
create trigger invoices_case_figures_update after update on invoices
  referencing new table as new_rows old table as old_rows for each statement execute function invoices_refresh_case_figures();
create trigger invoices_case_figures_delete after delete on invoices
  referencing old table as old_rows for each statement execute function invoices_refresh_case_figures();

select cases_refresh_open_figures(array_agg(id), array_agg(workspace_id)) from cases;

-- Sorting and paging (keyset on the sort value and the id): most overdue, largest, newest.
-- (Cases with nothing open sort last: their date counts as 9999-12-31.)
-- The overdue index carries the open amount and status, so a count over a days-overdue range
-- with amount and status filters reads the index alone.
create index cases_list_overdue_idx on cases (workspace_id, coalesce(oldest_open_due_date, date '9999-12-31'), id)
  include (open_amount_minor, status);
create index cases_list_amount_idx on cases (workspace_id, open_amount_minor, id);
create index cases_list_opened_idx on cases (workspace_id, opened_at, id);

-- 2. Search by any part of a name, customer number, e-mail address or phone number: a trigram
--    index (pg_trgm ships with PostgreSQL) over one text of those fields, lower-cased.
create extension if not exists pg_trgm;
create function debtor_search_text(external_id text, first_name text, last_name text, company_name text,
                                   email text, phone text) returns text
language sql immutable parallel safe as $$
  select lower(concat_ws(' ', external_id, company_name, first_name, last_name, email, phone))
$$;
create index debtors_search_idx on debtors using gin
  (debtor_search_text(external_id, first_name, last_name, company_name, email, phone) gin_trgm_ops);

-- 3. An agent's pause ("customer called, waiting for a document") holds a case until an agent
--    resumes it: a kept promise or a resolved dispute does not lift it.
alter table cases add column paused_by_agent boolean not null default false;

-- Agent tasks also come from a reminder call's menu: the debtor asked to be called back.
alter table agent_tasks drop constraint agent_tasks_kind_check;
alter table agent_tasks add constraint agent_tasks_kind_check check (kind in ('dispute', 'call_back'));
alter table agent_tasks add column note text check (length(note) <= 2000);
-- One open call-back request per case: pressing 2 again does not make a second task.
create unique index agent_tasks_open_call_back_idx on agent_tasks (workspace_id, case_id)
  where kind = 'call_back' and status = 'open';
