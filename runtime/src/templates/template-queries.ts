/**
 * Templates of a workspace: listing, reading, creating, saving drafts (with the text-only rule
 * for marketing), publishing versions with their compiled output, and finding the published
 * versions that flows and the outbox use.
 */
import {
  type CreateTemplateInput,
  checkTemplateContent,
  compareLayouts,
  type Role,
  type SaveTemplateDraftInput,
  TemplateContent,
  type TemplateDetail,
  type TemplateProblem,
  type TemplateSummary,
  type TemplateVersionSummary,
} from '@collectflow/shared';
import { inTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { type CompiledTemplate, compileTemplate, TemplateCompileError } from './compile-template.ts';

const summaryColumns = `t.id, t.key, t.name, t.channel, t.brand_id as "brandId", b.name as "brandName",
  array(select distinct v ->> 'language' from jsonb_array_elements(t.draft -> 'variants') v) as languages,
  t.draft ->> 'fallbackLanguage' as "fallbackLanguage",
  t.current_version as "currentVersion",
  coalesce(t.draft is distinct from (select tv.content from template_versions tv
                                      where tv.template_id = t.id and tv.version = t.current_version), true)
    as "unpublishedChanges",
  to_json(t.updated_at) #>> '{}' as "updatedAt",
  (select u.name from users u where u.workspace_id = t.workspace_id and u.id = t.updated_by) as "updatedBy"`;

type SummaryRow = TemplateSummary & { fallbackLanguage: string };

function toSummary({ fallbackLanguage, ...row }: SummaryRow): TemplateSummary {
  const languages = [...row.languages].sort((a, b) =>
    a === fallbackLanguage ? -1 : b === fallbackLanguage ? 1 : a.localeCompare(b),
  );
  return { ...row, languages };
}

export function templateNotFound(templateId: string): DomainError {
  return new DomainError('NOT_FOUND', `There is no template ${templateId} in this workspace.`, { field: 'templateId' });
}

export async function listTemplates(db: Queryable, workspaceId: string): Promise<TemplateSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `select ${summaryColumns} from templates t join brands b on b.workspace_id = t.workspace_id and b.id = t.brand_id
      where t.workspace_id = $1 order by t.channel, t.name`,
    [workspaceId],
  );
  return rows.map(toSummary);
}

export async function getTemplate(
  db: Queryable,
  workspaceId: string,
  templateId: string,
  role: Role,
): Promise<TemplateDetail> {
  const { rows } = await db.query<SummaryRow & { draft: TemplateContent; draftRevision: number }>(
    `select ${summaryColumns}, t.draft, t.draft_revision as "draftRevision"
       from templates t join brands b on b.workspace_id = t.workspace_id and b.id = t.brand_id
      where t.workspace_id = $1 and t.id = $2`,
    [workspaceId, templateId],
  );
  const row = rows[0];
  if (!row) throw templateNotFound(templateId);
  const { draft, draftRevision, ...summary } = row;
  return {
    ...toSummary(summary),
    draft,
    draftRevision,
    versions: await listTemplateVersions(db, workspaceId, templateId),
    textOnly: isTextOnly(role, summary.currentVersion),
  };
}

function isTextOnly(role: Role, currentVersion: number | null): boolean {
  return role === 'marketing' && currentVersion !== null;
}

export async function listTemplateVersions(
  db: Queryable,
  workspaceId: string,
  templateId: string,
): Promise<TemplateVersionSummary[]> {
  const { rows } = await db.query<TemplateVersionSummary>(
    `select v.version, v.note, to_json(v.published_at) #>> '{}' as "publishedAt",
            (select u.name from users u where u.workspace_id = v.workspace_id and u.id = v.published_by) as "publishedBy"
       from template_versions v where v.workspace_id = $1 and v.template_id = $2 order by v.version desc`,
    [workspaceId, templateId],
  );
  return rows;
}

export async function createTemplate(
  db: Queryable,
  workspaceId: string,
  input: CreateTemplateInput,
  userId: string | null,
): Promise<{ id: string; problems: TemplateProblem[] }> {
  const { rows } = await db.query<{ id: string }>(
    `insert into templates (workspace_id, key, name, channel, brand_id, draft, created_by, updated_by)
     select $1, $2, $3, $4, b.id, $6, $7, $7 from brands b where b.workspace_id = $1 and b.id = $5
     on conflict (workspace_id, key) do nothing
     returning id`,
    [workspaceId, input.key, input.name, input.content.channel, input.brandId, JSON.stringify(input.content), userId],
  );
  if (!rows[0]) {
    const { rowCount } = await db.query('select 1 from brands where workspace_id = $1 and id = $2', [
      workspaceId,
      input.brandId,
    ]);
    if (!rowCount)
      throw new DomainError('NOT_FOUND', 'That brand does not exist in this workspace.', { field: 'brandId' });
    throw new DomainError('CONFLICT', `A template with the key “${input.key}” exists already; pick another key.`, {
      field: 'key',
    });
  }
  return { id: rows[0].id, problems: checkTemplateContent(input.content) };
}

/**
 * Why a marketer's draft changes the published layout, or null when it only changes words. A
 * new language must take the layout of an existing one (a translation).
 */
function layoutChange(published: TemplateContent, draft: TemplateContent): string | null {
  if (published.channel !== 'email' && published.channel !== 'letter') return null;
  const layouts = new Map(published.variants.map((variant) => [variant.language, (variant as { body: string }).body]));
  const styles = new Map(
    published.variants.map((variant) => [variant.language, (variant as { css?: string }).css ?? '']),
  );
  for (const variant of draft.variants) {
    const body = (variant as { body: string }).body;
    const css = (variant as { css?: string }).css ?? '';
    const ownStyles = styles.get(variant.language);
    if (css !== (ownStyles ?? [...styles.values()][0] ?? '')) {
      return `In the ${variant.language.toUpperCase()} version the styles were changed. Your role may change the words only; ask a designer to change the layout.`;
    }
    const own = layouts.get(variant.language);
    const candidates = own ? [own] : [...layouts.values()];
    const results = candidates.map((layout) => compareLayouts(layout, body));
    if (results.some((result) => result.same)) continue;
    const first = results[0];
    const reason = first && !first.same ? first.reason : 'the layout was changed';
    return `In the ${variant.language.toUpperCase()} version ${reason}. Your role may change the words only; ask a designer to change the layout.`;
  }
  return null;
}

export async function saveTemplateDraft(
  db: Pool,
  workspaceId: string,
  input: SaveTemplateDraftInput,
  user: { id: string | null; role: Role },
): Promise<{ draftRevision: number; problems: TemplateProblem[] }> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{
      channel: string;
      draft_revision: number;
      current_version: number | null;
      published: TemplateContent | null;
      by: string | null;
    }>(
      `select t.channel, t.draft_revision, t.current_version,
              (select v.content from template_versions v where v.template_id = t.id and v.version = t.current_version) as published,
              (select u.name from users u where u.workspace_id = t.workspace_id and u.id = t.updated_by) as by
         from templates t where t.workspace_id = $1 and t.id = $2 for update`,
      [workspaceId, input.templateId],
    );
    const template = rows[0];
    if (!template) throw templateNotFound(input.templateId);
    if (input.content.channel !== template.channel) {
      throw new DomainError(
        'BAD_REQUEST',
        `This is a template for ${template.channel}; it cannot hold ${input.content.channel}.`,
        {
          field: 'content.channel',
        },
      );
    }
    if (template.draft_revision !== input.baseRevision) {
      throw new DomainError(
        'CONFLICT',
        `${template.by ?? 'Someone else'} saved this template after you opened it, so your changes were not saved over theirs.`,
        { field: 'baseRevision' },
      );
    }
    if (isTextOnly(user.role, template.current_version) && template.published) {
      const change = layoutChange(template.published, input.content);
      if (change) throw new DomainError('FORBIDDEN', change, { field: 'content' });
    }
    const { rows: saved } = await client.query<{ draftRevision: number }>(
      `update templates set draft = $3, draft_revision = draft_revision + 1, updated_at = now(), updated_by = $4
        where workspace_id = $1 and id = $2 returning draft_revision as "draftRevision"`,
      [workspaceId, input.templateId, JSON.stringify(input.content), user.id],
    );
    return { draftRevision: saved[0]!.draftRevision, problems: checkTemplateContent(input.content) };
  });
}

/** Publishes the draft as the next version, compiled, unless it has problems. */
export async function publishTemplate(
  db: Pool,
  workspaceId: string,
  input: { templateId: string; note: string },
  userId: string | null,
): Promise<{ version: number }> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ draft: unknown; current_version: number | null }>(
      'select draft, current_version from templates where workspace_id = $1 and id = $2 for update',
      [workspaceId, input.templateId],
    );
    const template = rows[0];
    if (!template) throw templateNotFound(input.templateId);
    const content = TemplateContent.parse(template.draft);
    const problems = checkTemplateContent(content);
    let compiled: CompiledTemplate | null = null;
    if (problems.length === 0) {
      try {
        compiled = await compileTemplate(content);
      } catch (error) {
        if (!(error instanceof TemplateCompileError)) throw error;
        problems.push({ language: error.language, field: error.field, message: error.message });
      }
    }
    if (!compiled || problems.length > 0) {
      throw new DomainError(
        'BAD_REQUEST',
        `This template cannot be published yet: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix first.`,
        { templateProblems: problems },
      );
    }
    const version = (template.current_version ?? 0) + 1;
    await client.query(
      `insert into template_versions (workspace_id, template_id, version, content, compiled, note, published_by)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [workspaceId, input.templateId, version, JSON.stringify(content), JSON.stringify(compiled), input.note, userId],
    );
    await client.query(
      'update templates set current_version = $3, updated_at = now(), updated_by = $4 where workspace_id = $1 and id = $2',
      [workspaceId, input.templateId, version, userId],
    );
    return { version };
  });
}

/** Keys of the templates with a published version: what flows may refer to. */
export async function publishedTemplateKeys(db: Queryable, workspaceId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>(
    'select key from templates where workspace_id = $1 and current_version is not null',
    [workspaceId],
  );
  return new Set(rows.map((row) => row.key));
}

export interface PublishedTemplate {
  versionId: string;
  workspaceId: string;
  brandId: string;
  key: string;
  compiled: CompiledTemplate;
}

// Published versions never change: their compiled output is loaded once per process.
const compiledVersions = new Map<string, CompiledTemplate>();
const compiledCacheLimit = 500;

/** Published versions by id (a message's recorded version), keyed by version id; scoped to the workspace. */
export async function templateVersionsById(
  db: Queryable,
  workspaceId: string,
  versionIds: readonly string[],
): Promise<Map<string, PublishedTemplate>> {
  if (versionIds.length === 0) return new Map();
  const { rows } = await db.query<PublishedTemplate>(
    `select v.id as "versionId", t.workspace_id as "workspaceId", t.brand_id as "brandId", t.key, v.compiled
       from template_versions v join templates t on t.id = v.template_id
      where t.workspace_id = $1 and v.id = any($2::uuid[])`,
    [workspaceId, versionIds],
  );
  return new Map(rows.map((row) => [row.versionId, row]));
}

/** The newest published version of each (workspace, key) asked for. */
export async function latestPublishedTemplates(
  db: Queryable,
  wanted: { workspaceId: string; key: string }[],
): Promise<Map<string, PublishedTemplate>> {
  if (wanted.length === 0) return new Map();
  const { rows } = await db.query<Omit<PublishedTemplate, 'compiled'>>({
    name: 'collectflow.latest-published-templates',
    text: `select v.id as "versionId", t.workspace_id as "workspaceId", t.brand_id as "brandId", t.key
             from unnest($1::uuid[], $2::text[]) as w(workspace_id, key)
             join templates t on t.workspace_id = w.workspace_id and t.key = w.key
             join template_versions v on v.template_id = t.id and v.version = t.current_version`,
    values: [wanted.map((item) => item.workspaceId), wanted.map((item) => item.key)],
  });
  const compiledOf = new Map(
    rows.flatMap((row) => {
      const cached = compiledVersions.get(row.versionId);
      return cached ? [[row.versionId, cached] as const] : [];
    }),
  );
  const missing = rows.map((row) => row.versionId).filter((id) => !compiledOf.has(id));
  if (missing.length > 0) {
    const { rows: loaded } = await db.query<{ id: string; compiled: CompiledTemplate }>({
      name: 'collectflow.compiled-template-versions',
      text: 'select id, compiled from template_versions where id = any($1::uuid[])',
      values: [missing],
    });
    for (const version of loaded) {
      if (compiledVersions.size >= compiledCacheLimit) compiledVersions.delete(compiledVersions.keys().next().value!);
      compiledVersions.set(version.id, version.compiled);
      compiledOf.set(version.id, version.compiled);
    }
  }
  return new Map(
    rows.map((row) => [`${row.workspaceId}/${row.key}`, { ...row, compiled: compiledOf.get(row.versionId)! }]),
  );
}
