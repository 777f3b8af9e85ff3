-- How long a channel step waits for a provider's report on a sent message before it takes the
-- `sent` handle: e-mail has no "delivered" report, only bounces, which come within minutes, so
-- the connector names a short window instead of the step's delivery timeout.
alter table messages add column report_due_at timestamptz;
