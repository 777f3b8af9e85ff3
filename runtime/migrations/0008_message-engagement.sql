-- When the recipient first opened a message (the e-mail's tracking image loaded, or a click,
-- which implies it) and first clicked a link in it. Each first time is also a timeline event.
alter table messages
  add column opened_at timestamptz,
  add column clicked_at timestamptz;

-- The Outbox page lists a workspace's messages newest first.
create index messages_workspace_recent_idx on messages (workspace_id, created_at desc, id desc);
