-- Whether a run's next step may read its case's segment facts (a filter or a date wait comes
-- before the next wait that always stops). A batch of steps reads the facts together with the
-- runs, but only of the runs that may need them: the facts are an aggregate over the case's
-- invoices. Written with every step; true until then (a run before its first step, or written
-- by an older Collectflow), which is always safe: a wrong "true" reads facts for nothing, a
-- wrong "false" makes the step read them on demand.
alter table runs add column needs_facts boolean not null default true;
