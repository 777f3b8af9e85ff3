/**
 * Rendering the messages a sender claimed, just before hand-over: the newest published version
 * of each template (compiled at publish, so only the Liquid step runs here), the case's debtor
 * and open invoices as they are now, the template's brand. Set-based: one query per kind of
 * data for the whole batch. A message whose template has no published version fails with that
 * reason; nothing is sent half-rendered.
 */
import { brandSender, type RenderedMessage, stableHash } from '@collectflow/shared';
import { getBrand } from '../brands/brand-queries.ts';
import type { Queryable } from '../db/pool.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import { loadCaseFacts } from '../templates/load-message-facts.ts';
import { renderMessage } from '../templates/render-message.ts';
import {
  latestPublishedTemplates,
  type PublishedTemplate,
  templateVersionsById,
} from '../templates/template-queries.ts';

/** Without the service's key (tests), links are valid while this process runs. */
const processPaylinks = new Paylinks();

export interface MessageToRender {
  id: string;
  workspaceId: string;
  caseId: string;
  template: string;
  /** Render this published version (the one a message was sent with) instead of the newest. */
  templateVersionId?: string | null;
}

export type RenderOutcome =
  | {
      ok: true;
      templateVersionId: string;
      content: RenderedMessage;
      /** The brand's sender for the message's channel, if it has one. */
      sender: { name: string; address: string } | null;
    }
  | { ok: false; reason: string };

export async function renderClaimedMessages(
  db: Queryable,
  messages: readonly MessageToRender[],
  options: {
    publicUrl: string;
    today?: string;
    /** Issues the cases' paylinks. Default: one with a key of this process only (tests). */
    paylinks?: Paylinks;
  },
): Promise<Map<string, RenderOutcome>> {
  const outcomes = new Map<string, RenderOutcome>();
  if (messages.length === 0) return outcomes;
  const keyOf = (message: { workspaceId: string; template: string }) => `${message.workspaceId}/${message.template}`;
  const wanted = [...new Map(messages.map((message) => [keyOf(message), message])).values()].map((message) => ({
    workspaceId: message.workspaceId,
    key: message.template,
  }));
  const templates = await latestPublishedTemplates(db, wanted);
  const recordedVersions = new Map<string, PublishedTemplate>();
  for (const message of messages) {
    if (message.templateVersionId && !recordedVersions.has(message.templateVersionId)) {
      for (const [id, version] of await templateVersionsById(db, message.workspaceId, [message.templateVersionId])) {
        recordedVersions.set(id, version);
      }
    }
  }
  const casesByWorkspace = new Map<string, string[]>();
  for (const message of messages) {
    casesByWorkspace.set(message.workspaceId, [...(casesByWorkspace.get(message.workspaceId) ?? []), message.caseId]);
  }
  const facts = new Map<string, Awaited<ReturnType<typeof loadCaseFacts>>>();
  for (const [workspaceId, caseIds] of casesByWorkspace) {
    facts.set(workspaceId, await loadCaseFacts(db, workspaceId, caseIds));
  }
  const paylinks = options.paylinks ?? processPaylinks;
  await paylinks.register(
    db,
    messages.map((message) => ({ workspaceId: message.workspaceId, caseId: message.caseId })),
  );
  const brands = new Map<string, Awaited<ReturnType<typeof getBrand>>>();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  for (const message of messages) {
    const template = message.templateVersionId
      ? recordedVersions.get(message.templateVersionId)
      : templates.get(keyOf(message));
    if (!template) {
      outcomes.set(message.id, {
        ok: false,
        reason: `the template “${message.template}” has no published version`,
      });
      continue;
    }
    const caseFacts = facts.get(message.workspaceId)?.get(message.caseId);
    if (!caseFacts) {
      outcomes.set(message.id, { ok: false, reason: 'the case is gone' });
      continue;
    }
    const brandKey = `${message.workspaceId}/${template.brandId}`;
    let brand = brands.get(brandKey);
    if (!brand) {
      brand = await getBrand(db, message.workspaceId, template.brandId);
      brands.set(brandKey, brand);
    }
    const { debtorLabel: _label, ...rest } = caseFacts;
    // Paying in installments: the message carries the paylink of the installment due next.
    const installment = caseFacts.installment;
    if (installment) {
      await paylinks.registerInstallments(db, [
        { workspaceId: message.workspaceId, caseId: message.caseId, planId: installment.planId, seq: installment.seq },
      ]);
    }
    const paylinkUrl = installment
      ? paylinks.installmentUrlFor(options.publicUrl, installment.planId, installment.seq)
      : paylinks.urlFor(options.publicUrl, message.caseId);
    try {
      const content = await renderMessage(
        template.compiled,
        { ...rest, brand, today, paylinkUrl },
        // Several subject lines: each case gets one, always the same (a clean A/B test).
        { subjectIndex: stableHash(`${message.caseId}/${message.template}`) },
      );
      const identity = brandSender(brand, content.channel);
      outcomes.set(message.id, {
        ok: true,
        templateVersionId: template.versionId,
        content,
        sender: identity ? { name: identity.name, address: identity.address } : null,
      });
    } catch (error) {
      outcomes.set(message.id, {
        ok: false,
        reason: `the template “${message.template}” could not be rendered: ${(error as Error).message}`,
      });
    }
  }
  return outcomes;
}
