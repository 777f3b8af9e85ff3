/**
 * For tests and benchmarks: published templates for the keys a flow uses, so the flow can be
 * published (a flow refers only to published templates). Real templates through the real
 * queries, in English, with the paylink.
 */
import {
  type Channel,
  defaultSelfServiceRules,
  type FlowDraft,
  reminderEmailMjml,
  type TemplateContent,
} from '@collectflow/shared';
import { createBrand, listBrands } from '../../brands/brand-queries.ts';
import type { Pool } from '../../db/pool.ts';
import { createTemplate, publishTemplate } from '../template-queries.ts';

const channels = new Set<string>(['email', 'sms', 'letter', 'voice']);

function contentFor(channel: Channel): TemplateContent {
  switch (channel) {
    case 'email':
      return {
        channel,
        fallbackLanguage: 'en',
        variants: [
          {
            language: 'en',
            subjects: ['Reminder: {{ totals.due }} open'],
            preheader: '',
            body: reminderEmailMjml({
              intro: 'Please pay.',
              after: 'Thank you.',
              closing: 'Regards,',
              installment: false,
            }),
          },
        ],
      };
    case 'letter':
      return {
        channel,
        fallbackLanguage: 'en',
        variants: [
          { language: 'en', subject: 'Reminder', body: '<p>{{ debtor.salutation }},</p>{% payment_qr %}', css: '' },
        ],
      };
    case 'sms':
      return {
        channel,
        fallbackLanguage: 'en',
        variants: [{ language: 'en', text: 'Pay {{ totals.due }}: {{ paylink.url }}' }],
      };
    case 'voice':
      return {
        channel,
        fallbackLanguage: 'en',
        variants: [
          {
            language: 'en',
            script: '{{ debtor.salutation }}, please pay {{ totals.due }}.',
            ttsLocale: 'en-GB',
            voice: 'female',
          },
        ],
      };
  }
}

/** Publishes a template for every channel step's key in `draft` that has none yet. */
export async function publishTemplatesFor(pool: Pool, workspaceId: string, draft: FlowDraft): Promise<void> {
  const wanted = new Map<string, Channel>();
  for (const node of draft.nodes) {
    const template = (node.data as { template?: unknown } | undefined)?.template;
    if (channels.has(node.type) && typeof template === 'string') wanted.set(template, node.type as Channel);
  }
  if (wanted.size === 0) return;
  const { rows } = await pool.query<{ key: string }>('select key from templates where workspace_id = $1', [
    workspaceId,
  ]);
  const existing = new Set(rows.map((row) => row.key));
  let brandId = (await listBrands(pool, workspaceId))[0]?.id;
  brandId ??= (
    await createBrand(pool, workspaceId, {
      name: 'Test brand',
      logoUrl: null,
      colours: { primary: '#0b6e4f', accent: '#f2a541', text: '#1f2933', background: '#ffffff' },
      fonts: { heading: 'Arial', body: 'Arial' },
      senderIdentities: [],
      legalFooter: 'Test B.V.',
      payment: { iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', creditorName: 'Test B.V.' },
      tone: {},
      selfService: defaultSelfServiceRules,
    })
  ).id;
  for (const [key, channel] of wanted) {
    if (existing.has(key)) continue;
    const { id } = await createTemplate(
      pool,
      workspaceId,
      { key, name: key, brandId, content: contentFor(channel) },
      null,
    );
    await publishTemplate(pool, workspaceId, { templateId: id, note: 'test' }, null);
  }
}
