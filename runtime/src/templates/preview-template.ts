/**
 * A template preview: the draft (saved or still being edited) rendered with a real case's data,
 * or with the catalog's example values, exactly as the outbox would render it.
 */
import {
  checkTemplateContent,
  type PreviewTemplateInput,
  TemplateContent,
  type TemplatePreview,
} from '@collectflow/shared';
import { getBrand } from '../brands/brand-queries.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { Paylinks } from '../paylinks/paylinks.ts';
import { compileTemplate, TemplateCompileError } from './compile-template.ts';
import { loadCaseFacts } from './load-message-facts.ts';
import { renderMessage } from './render-message.ts';
import { sampleMessageFacts } from './sample-message-facts.ts';
import { templateNotFound } from './template-queries.ts';

export async function previewTemplate(
  db: Queryable,
  workspaceId: string,
  input: PreviewTemplateInput,
  /** Where debtors reach the service, and its paylinks (a real case's preview shows its own). */
  links: { publicUrl: string; paylinks: Paylinks },
): Promise<TemplatePreview> {
  const { rows } = await db.query<{ brand_id: string; channel: string; draft: unknown }>(
    'select brand_id, channel, draft from templates where workspace_id = $1 and id = $2',
    [workspaceId, input.templateId],
  );
  const template = rows[0];
  if (!template) throw templateNotFound(input.templateId);
  const content = input.content ?? TemplateContent.parse(template.draft);
  const problems = checkTemplateContent(content).filter(
    (problem) => problem.language === input.language && !problem.message.startsWith('Add the paylink'),
  );
  if (problems.length > 0) {
    throw new DomainError('BAD_REQUEST', `The preview needs these fixed first: ${problems[0]!.message}`, {
      templateProblems: problems,
    });
  }
  const only = { ...content, variants: content.variants.filter((variant) => variant.language === input.language) };
  if (only.variants.length === 0) {
    throw new DomainError('BAD_REQUEST', `This template has no ${input.language.toUpperCase()} version yet.`, {
      field: 'language',
    });
  }
  let compiled: Awaited<ReturnType<typeof compileTemplate>>;
  try {
    compiled = await compileTemplate({ ...only, fallbackLanguage: input.language } as TemplateContent);
  } catch (error) {
    if (error instanceof TemplateCompileError)
      throw new DomainError('BAD_REQUEST', error.message, { field: 'content' });
    throw error;
  }
  const brand = await getBrand(db, workspaceId, template.brand_id);
  const today = new Date().toISOString().slice(0, 10);
  let caseLabel: string | null = null;
  let facts = { ...sampleMessageFacts(brand, today), debtorLanguage: input.language };
  if (input.caseId) {
    const found = (await loadCaseFacts(db, workspaceId, [input.caseId])).get(input.caseId);
    if (!found) throw new DomainError('NOT_FOUND', 'That case does not exist in this workspace.', { field: 'caseId' });
    const { debtorLabel, ...caseFacts } = found;
    await links.paylinks.register(db, [{ workspaceId, caseId: input.caseId }]);
    caseLabel = debtorLabel;
    facts = {
      ...caseFacts,
      brand,
      today,
      paylinkUrl: links.paylinks.urlFor(links.publicUrl, input.caseId),
      debtorLanguage: input.language,
    };
  }
  const rendered = await renderMessage(compiled, facts, { subjectIndex: input.subjectIndex });
  return { ...rendered, caseLabel };
}
