-- When the recipient first opened a message (the e-mail's tracking image loaded, or a click,
-- which implies it) and first clicked a link in it. Each first time is also a timeline event.
alter table messages
  add column opened_at timestamptz,
  add column clicked_at timestamptz;
