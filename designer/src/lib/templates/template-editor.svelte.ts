/**
 * The state of one template editor: the draft being edited (all languages), which language is
 * shown, its live problems (the same check the runtime runs), saving and publishing. One
 * instance per open template, handed down by context.
 */
import {
  checkTemplateContent,
  type Language,
  type TemplateContent,
  type TemplateDetail,
  type TemplateProblem,
  type TemplateVersionSummary,
} from '@collectflow/shared';
import { getContext, setContext } from 'svelte';
import { errorMessage } from '$lib/api/error-message.ts';
import { trpc } from '$lib/api/trpc.ts';

type Variant = TemplateContent['variants'][number];

export class TemplateEditor {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly channel: TemplateContent['channel'];
  readonly brandId: string;
  readonly textOnly: boolean;
  readonly canEdit: boolean;
  content = $state.raw<TemplateContent>() as TemplateContent;
  language = $state<Language>('en');
  revision = $state(0);
  currentVersion = $state<number | null>(null);
  unpublishedChanges = $state(false);
  /** Published versions, newest first. */
  versions = $state.raw<TemplateVersionSummary[]>([]);
  dirty = $state(false);
  saving = $state(false);
  saveProblem = $state<string | null>(null);
  savedAt = $state<Date | null>(null);
  /** Problems the server reported (the live check finds the same ones; the server has the last word). */
  serverProblems = $state.raw<TemplateProblem[]>([]);

  readonly problems = $derived(checkTemplateContent(this.content));
  readonly languages = $derived(this.content.variants.map((variant) => variant.language));
  readonly variant = $derived(
    this.content.variants.find((variant) => variant.language === this.language) ?? this.content.variants[0]!,
  );

  constructor(detail: TemplateDetail, canEdit: boolean) {
    this.id = detail.id;
    this.name = detail.name;
    this.key = detail.key;
    this.channel = detail.channel;
    this.brandId = detail.brandId;
    this.textOnly = detail.textOnly;
    this.canEdit = canEdit;
    this.content = detail.draft;
    this.language = detail.draft.fallbackLanguage;
    this.revision = detail.draftRevision;
    this.currentVersion = detail.currentVersion;
    this.unpublishedChanges = detail.unpublishedChanges;
    this.versions = detail.versions;
  }

  /** Changes fields of the variant shown. */
  updateVariant(patch: Partial<Variant>): void {
    const variants = this.content.variants.map((variant) =>
      variant.language === this.language ? ({ ...variant, ...patch } as Variant) : variant,
    );
    this.content = { ...this.content, variants } as TemplateContent;
    this.dirty = true;
  }

  /** A new language, starting as a copy of the one shown (translate its words). */
  addLanguage(language: Language): void {
    if (this.languages.includes(language)) return;
    const copy = { ...this.variant, language } as Variant;
    this.content = { ...this.content, variants: [...this.content.variants, copy] } as TemplateContent;
    this.language = language;
    this.dirty = true;
  }

  removeLanguage(language: Language): void {
    if (this.languages.length <= 1 || language === this.content.fallbackLanguage) return;
    const variants = this.content.variants.filter((variant) => variant.language !== language);
    this.content = { ...this.content, variants } as TemplateContent;
    if (this.language === language) this.language = this.content.fallbackLanguage;
    this.dirty = true;
  }

  setFallback(language: Language): void {
    this.content = { ...this.content, fallbackLanguage: language };
    this.dirty = true;
  }

  async save(): Promise<boolean> {
    if (!this.dirty) return true;
    this.saving = true;
    this.saveProblem = null;
    const sent = this.content;
    try {
      const saved = await trpc.templates.saveDraft.mutate({
        templateId: this.id,
        content: sent,
        baseRevision: this.revision,
      });
      this.revision = saved.draftRevision;
      this.serverProblems = saved.problems;
      this.savedAt = new Date();
      this.unpublishedChanges = true;
      // Edits made while saving stay unsaved.
      this.dirty = this.content !== sent;
      return true;
    } catch (error) {
      this.saveProblem = errorMessage(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  published(version: number, note: string, by: string | null): void {
    this.currentVersion = version;
    this.unpublishedChanges = false;
    this.versions = [{ version, note, publishedAt: new Date().toISOString(), publishedBy: by }, ...this.versions];
  }
}

const key = Symbol('template-editor');

export function setTemplateEditor(editor: TemplateEditor): TemplateEditor {
  return setContext(key, editor);
}

export function getTemplateEditor(): TemplateEditor {
  const editor = getContext<TemplateEditor | undefined>(key);
  if (!editor)
    throw new Error('getTemplateEditor() is used outside a template editor (setTemplateEditor was not called).');
  return editor;
}
