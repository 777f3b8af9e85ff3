-- Templates: the words and the look of every message, one variant per language. The draft is
-- edited freely; publishing freezes it as a version with its compiled output (MJML → HTML with
-- inlined CSS, done once), so sending only fills in the variables. Messages record the version
-- they were rendered from.

alter table brands
  add column payment jsonb,
  add column tone jsonb not null default '{}';

create table templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,99}$'),
  name text not null check (length(name) between 1 and 100),
  channel channel not null,
  brand_id uuid not null,
  draft jsonb not null,
  draft_revision integer not null default 0,
  current_version integer,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  unique (workspace_id, id),
  unique (workspace_id, key),
  foreign key (workspace_id, brand_id) references brands (workspace_id, id)
);

create table template_versions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  template_id uuid not null,
  version integer not null check (version >= 1),
  content jsonb not null,
  -- Per language: what sending needs without compiling again (e-mail HTML from MJML).
  compiled jsonb not null,
  note text not null default '' check (length(note) <= 500),
  published_at timestamptz not null default now(),
  published_by uuid,
  unique (workspace_id, id),
  unique (template_id, version),
  foreign key (workspace_id, template_id) references templates (workspace_id, id) on delete cascade
);

create function template_versions_refuse_update() returns trigger language plpgsql as $$
begin
  raise exception 'template version % of template % is published and cannot be changed', old.version, old.template_id
    using errcode = 'restrict_violation';
end;
$$;
create trigger template_versions_immutable before update on template_versions
  for each row execute function template_versions_refuse_update();

-- The exact version a message was rendered from, and in which language (and subject line).
alter table messages
  add column template_version_id uuid,
  add column language text,
  add column subject text;
