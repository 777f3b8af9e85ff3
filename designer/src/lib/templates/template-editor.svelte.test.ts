/** The template editor's state: languages, fallback, edits and their live problems. */
import type { TemplateDetail } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { TemplateEditor } from './template-editor.svelte.ts';

function detail(): TemplateDetail {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    key: 'sms-reminder',
    name: 'SMS',
    channel: 'sms',
    brandId: '00000000-0000-4000-8000-000000000002',
    brandName: 'Brand',
    languages: ['nl'],
    currentVersion: 1,
    unpublishedChanges: false,
    updatedAt: '2026-11-23T10:00:00Z',
    updatedBy: null,
    draft: {
      channel: 'sms',
      fallbackLanguage: 'nl',
      variants: [{ language: 'nl', text: 'Betaal {{ totals.due }}: {{ paylink.url }}' }],
    },
    draftRevision: 3,
    versions: [],
    textOnly: false,
  };
}

describe('TemplateEditor', () => {
  it('adds a language as a copy of the one shown, edits it, and keeps the fallback safe', () => {
    const editor = new TemplateEditor(detail(), true);
    expect(editor.problems).toEqual([]);
    editor.addLanguage('de');
    expect(editor.language).toBe('de');
    expect(editor.languages).toEqual(['nl', 'de']);
    editor.updateVariant({ text: 'Zahlen Sie {{ totals.offen }}' });
    expect(editor.dirty).toBe(true);
    expect(editor.problems.map((problem) => [problem.language, problem.message])).toEqual([
      ['de', '“{{ totals.offen }}” is not a variable Collectflow knows. Pick one from the variable list.'],
    ]);

    // The fallback cannot be removed; another language can, and the editor shows the fallback then.
    editor.removeLanguage('nl');
    expect(editor.languages).toEqual(['nl', 'de']);
    editor.removeLanguage('de');
    expect(editor.languages).toEqual(['nl']);
    expect(editor.language).toBe('nl');
    expect(editor.problems).toEqual([]);
  });

  it('moves the fallback to the language shown', () => {
    const editor = new TemplateEditor(detail(), true);
    editor.addLanguage('en');
    editor.setFallback('en');
    expect(editor.content.fallbackLanguage).toBe('en');
    editor.removeLanguage('en');
    expect(editor.languages).toEqual(['nl', 'en']);
  });

  it('records a publish in the version history', () => {
    const editor = new TemplateEditor(detail(), true);
    editor.published(2, 'Shorter', 'Mila Bakker');
    expect(editor.currentVersion).toBe(2);
    expect(editor.versions).toMatchObject([{ version: 2, note: 'Shorter', publishedBy: 'Mila Bakker' }]);
  });
});
