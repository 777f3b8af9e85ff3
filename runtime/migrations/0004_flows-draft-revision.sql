-- Counts the saves of a flow's draft. An editor sends the revision it started from with each
-- save; a save from an editor that missed someone else's save is refused instead of silently
-- overwriting their work (two people editing one flow).
alter table flows add column draft_revision integer not null default 0;
