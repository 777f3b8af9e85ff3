/**
 * The state of one open flow editor: the canvas's nodes and edges, the flow's name and
 * settings, live validation by the shared validator, undo/redo, copy/paste, tidy layout,
 * autosave and the highlighted path of a test run. Components reach it through
 * {@link getFlowEditor}; the logic it uses lives in plain modules beside it.
 */
import {
  type ConnectorConfigSummary,
  type DryRunResult,
  type FlowDraft,
  type FlowFunnel,
  type FlowProblem,
  type FlowSettings,
  type FlowStatus,
  isFlowNodeType,
  nodeCatalog,
  type TemplateSummary,
  toFlowDefinition,
} from '@collectflow/shared';
import type { Viewport } from '@xyflow/svelte';
import { getContext, setContext } from 'svelte';
import { canonicalJson } from './canonical-json.ts';
import { copyFragment, type FlowFragment, freshId, pasteFragment } from './clipboard.ts';
import { connectionProblem, type ProposedConnection } from './connection-rules.ts';
import {
  type DraftEdge,
  type DraftNode,
  fromCanvasEdge,
  fromCanvasNode,
  outputHandles,
  type StepEdge,
  type StepNode,
  stepName,
  toCanvasEdge,
  toCanvasNode,
} from './graph-model.ts';
import { movedEnough } from './level-of-detail.ts';
import { tidyLayout } from './tidy-layout.ts';
import { UndoHistory } from './undo-history.ts';

/** Connectors a draft may name (the runtime's list until workspaces configure their own). */

interface Snapshot {
  name: string;
  description: string;
  settings: Record<string, unknown>;
  nodes: DraftNode[];
  edges: DraftEdge[];
}

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

/** A save refused because someone else saved the flow after this editor loaded it. */
export class SaveConflict extends Error {
  override name = 'SaveConflict';
}

export interface FlowEditorOptions {
  flowId: string;
  draft: FlowDraft;
  status: FlowStatus;
  currentVersion: number | null;
  /** Viewing a published version, or a member who may not edit. */
  readOnly: boolean;
  /** The draft's revision as loaded; each save sends the revision it builds on. */
  revision: number;
  /** The graph of the current published version, if any (to tell whether the draft changed since). */
  publishedGraph?: unknown;
  /**
   * Saves the draft on top of `baseRevision` and returns the new revision; rejects with a
   * readable error, or a {@link SaveConflict} when someone else saved in between.
   */
  save: (draft: FlowDraft, baseRevision: number) => Promise<{ draftRevision: number }>;
  /** Milliseconds of quiet before an autosave. Default: 800. */
  autosaveDelayMs?: number;
  /**
   * The workspace's templates: channel steps pick from them, and a step using a template
   * without a published version is a problem. Default: none given, template keys not checked.
   */
  templates?: TemplateSummary[];
  /** The workspace's configured connectors (the built-in `sandbox` is always there). Default: none. */
  connectors?: ConnectorConfigSummary[];
}

export class FlowEditor {
  /** The workspace's templates (for channel steps). */
  readonly templates: TemplateSummary[];
  /** The workspace's configured connectors (for channel steps). */
  readonly connectors: ConnectorConfigSummary[];
  private readonly connectorKeys: ReadonlySet<string>;
  private readonly publishedTemplateKeys: ReadonlySet<string> | undefined;
  readonly flowId: string;
  readonly readOnly: boolean;
  name = $state('');
  description = $state('');
  settings = $state.raw<Record<string, unknown>>({});
  nodes = $state.raw<StepNode[]>([]);
  edges = $state.raw<StepEdge[]>([]);
  status = $state<FlowStatus>('draft');
  currentVersion = $state<number | null>(null);

  saveState = $state<SaveState>('saved');
  /** Someone else saved this flow after it was loaded here; nothing more is saved over their work. */
  conflict = $state(false);
  saveProblem = $state<string | null>(null);
  savedAt = $state<Date | null>(null);
  /** Why the connection being dragged is refused, while it is. */
  connectionHint = $state<string | null>(null);
  /** The path of the last test run, drawn on the canvas. */
  trace = $state.raw<DryRunResult | null>(null);
  /** The analytics overlay: how many cases reached each step and left by each output (null: off). */
  overlay = $state.raw<FlowFunnel | null>(null);
  /** The view the steps' level of detail was last decided for (see level-of-detail.ts); null before the first move. */
  detailViewport = $state.raw<Viewport | null>(null);
  /** Problems of the draft, from the shared validator (refreshed shortly after each change). */
  problems = $state.raw<FlowProblem[]>([]);
  /** The draft is valid and the same as the current published version (publishing would change nothing). */
  sameAsPublished = $state(false);
  private publishedJson: string | null;
  private lastValidGraphJson: string | null = null;

  /** Bumped on every change of history, so `canUndo`/`canRedo` are reactive. */
  private historyVersion = $state(0);
  private readonly history = new UndoHistory<Snapshot>();
  private clipboard: FlowFragment | null = null;
  private lastSavedJson: string;
  private lastEdit: { key: string; at: number } | null = null;
  /** The constructor validated the draft as loaded; the first run of the live check need not repeat it. */
  private loadedDraftValidated = true;
  private readonly saveDraft: FlowEditorOptions['save'];
  private revision: number;

  readonly draft: FlowDraft = $derived.by(() => this.toDraft());
  readonly problemsByNode: Map<string, FlowProblem[]> = $derived.by(() => {
    const map = new Map<string, FlowProblem[]>();
    for (const problem of this.problems) {
      if (!problem.nodeId) continue;
      map.set(problem.nodeId, [...(map.get(problem.nodeId) ?? []), problem]);
    }
    return map;
  });
  readonly selectedNodes: StepNode[] = $derived(this.nodes.filter((node) => node.selected));
  readonly canUndo = $derived.by(() => {
    void this.historyVersion;
    return this.history.canUndo;
  });
  readonly canRedo = $derived.by(() => {
    void this.historyVersion;
    return this.history.canRedo;
  });
  readonly tracedNodes: Set<string> = $derived(new Set(this.trace?.steps.map((step) => step.nodeId) ?? []));

  constructor(options: FlowEditorOptions) {
    this.templates = options.templates ?? [];
    this.connectors = options.connectors ?? [];
    this.connectorKeys = new Set(['sandbox', ...this.connectors.map((connector) => connector.key)]);
    this.publishedTemplateKeys = options.templates
      ? new Set(
          options.templates.filter((template) => template.currentVersion !== null).map((template) => template.key),
        )
      : undefined;
    this.flowId = options.flowId;
    this.readOnly = options.readOnly;
    this.saveDraft = options.save;
    this.revision = options.revision;
    this.publishedJson = options.publishedGraph ? canonicalJson(options.publishedGraph) : null;
    this.status = options.status;
    this.currentVersion = options.currentVersion;
    this.restore(this.snapshotOf(options.draft));
    this.problems = this.validate(options.draft);
    // Key order aside: the database (jsonb) hands the draft back with its keys sorted its own way.
    this.lastSavedJson = canonicalJson(options.draft);
  }

  /**
   * Starts live validation and autosave; call from a component's script (it uses effects,
   * which end with the component).
   */
  watch(autosaveDelayMs = 800): void {
    // Both effects only note that something changed (every frame of a drag is a change); the
    // draft is built, checked and compared once the editing pauses.
    $effect(() => {
      this.trackEdits();
      if (this.loadedDraftValidated) {
        this.loadedDraftValidated = false;
        return;
      }
      const timer = setTimeout(() => {
        const draft = this.toDraft();
        this.problems = this.validate(draft);
        if (this.saveState === 'saved' && !this.readOnly && canonicalJson(draft) !== this.lastSavedJson) {
          this.saveState = 'unsaved';
        }
      }, 120);
      return () => clearTimeout(timer);
    });
    if (this.readOnly) return;
    $effect(() => {
      this.trackEdits();
      // save() compares with what was saved, and after a conflict saves nothing.
      const timer = setTimeout(() => void this.save(), autosaveDelayMs);
      return () => clearTimeout(timer);
    });
  }

  /** Reads everything a draft is made of, so that an effect re-runs when any of it changes. */
  private trackEdits(): void {
    void this.nodes;
    void this.edges;
    void this.name;
    void this.description;
    void this.settings;
  }

  /** Whether the draft differs from what was last saved (or the last save failed). */
  hasUnsavedChanges(): boolean {
    return this.saveState === 'failed' || canonicalJson(this.toDraft()) !== this.lastSavedJson;
  }

  private validate(draft: FlowDraft): FlowProblem[] {
    const result = toFlowDefinition(draft, {
      connectors: this.connectorKeys,
      ...(this.publishedTemplateKeys ? { templates: this.publishedTemplateKeys } : {}),
    });
    this.lastValidGraphJson = result.ok ? canonicalJson(result.definition.graph) : null;
    this.sameAsPublished = this.lastValidGraphJson !== null && this.lastValidGraphJson === this.publishedJson;
    return result.ok ? [] : result.problems;
  }

  /** Saves now if anything changed; returns whether the saved draft is the current one. */
  async save(): Promise<boolean> {
    if (this.readOnly || this.conflict) return false;
    const draft = this.toDraft();
    const json = canonicalJson(draft);
    if (json === this.lastSavedJson && this.saveState !== 'failed') return true;
    this.saveState = 'saving';
    try {
      this.revision = (await this.saveDraft(draft, this.revision)).draftRevision;
      this.lastSavedJson = json;
      this.saveProblem = null;
      this.savedAt = new Date();
      this.saveState = canonicalJson(this.toDraft()) === json ? 'saved' : 'unsaved';
      return this.saveState === 'saved';
    } catch (error) {
      this.saveState = 'failed';
      this.saveProblem = error instanceof Error ? error.message : String(error);
      this.conflict = error instanceof SaveConflict;
      return false;
    }
  }

  toDraft(): FlowDraft {
    return {
      schemaVersion: 1,
      name: this.name,
      description: this.description,
      settings: this.settings,
      nodes: this.nodes.map(fromCanvasNode),
      edges: this.edges.map(fromCanvasEdge),
    };
  }

  private snapshotOf(draft: FlowDraft): Snapshot {
    return {
      name: draft.name,
      description: draft.description,
      settings: draft.settings,
      nodes: draft.nodes,
      edges: draft.edges,
    };
  }

  private restore(snapshot: Snapshot): void {
    const selected = new Set(this.selectedNodes.map((node) => node.id));
    this.name = snapshot.name;
    this.description = snapshot.description;
    this.settings = snapshot.settings;
    this.nodes = snapshot.nodes.map((node) => ({
      ...toCanvasNode(node),
      selected: selected.has(node.id),
      deletable: !this.readOnly && node.type !== 'entry',
    }));
    this.edges = snapshot.edges.map(toCanvasEdge);
  }

  /**
   * Records the state before a change, for undo. Edits of the same `key` (typing in one field)
   * within two seconds count as one change.
   */
  checkpoint(key?: string): void {
    const now = Date.now();
    if (key && this.lastEdit?.key === key && now - this.lastEdit.at < 2000) {
      this.lastEdit.at = now;
      return;
    }
    this.lastEdit = key ? { key, at: now } : null;
    this.history.record(structuredClone(this.snapshotOf(this.toDraft())));
    this.historyVersion += 1;
  }

  undo(): void {
    const previous = this.history.undo(this.snapshotOf(this.toDraft()));
    if (previous) this.restore(previous);
    this.lastEdit = null;
    this.historyVersion += 1;
  }

  redo(): void {
    const next = this.history.redo(this.snapshotOf(this.toDraft()));
    if (next) this.restore(next);
    this.lastEdit = null;
    this.historyVersion += 1;
  }

  node(id: string): StepNode | undefined {
    return this.nodes.find((node) => node.id === id);
  }

  /** Adds a step of `type` at `position` (flow coordinates), selected; returns its id. */
  addNode(type: string, position: { x: number; y: number }): string | null {
    if (this.readOnly || !isFlowNodeType(type)) return null;
    if (type === 'entry' && this.nodes.some((node) => node.data.type === 'entry')) return null;
    this.checkpoint();
    const taken = new Set([...this.nodes.map((node) => node.id), ...this.edges.map((edge) => edge.id)]);
    const id = freshId(
      type.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
      taken,
    );
    const added: StepNode = {
      ...toCanvasNode({
        id,
        type,
        position: { x: Math.round(position.x), y: Math.round(position.y) },
        data: structuredClone(nodeCatalog[type].defaultData),
      }),
      selected: true,
      deletable: type !== 'entry',
    };
    this.nodes = [...this.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), added];
    return id;
  }

  /** Replaces a step's data (from its inspector). */
  updateData(id: string, data: unknown, field = 'data'): void {
    if (this.readOnly) return;
    this.checkpoint(`${id}:${field}`);
    this.nodes = this.nodes.map((node) => (node.id === id ? { ...node, data: { ...node.data, data } } : node));
    // Outputs that no longer exist (a removed A/B variant or candidate channel) take their connections with them.
    const node = this.node(id);
    if (node?.data.type === 'abSplit' || node?.data.type === 'bestChannel') {
      const outputs = new Set(outputHandles(node.data).map((handle) => handle.id));
      if (this.edges.some((edge) => edge.source === id && !outputs.has(edge.sourceHandle ?? 'out'))) {
        this.edges = this.edges.filter((edge) => edge.source !== id || outputs.has(edge.sourceHandle ?? 'out'));
      }
    }
  }

  setLabel(id: string, label: string): void {
    if (this.readOnly) return;
    this.checkpoint(`${id}:label`);
    this.nodes = this.nodes.map((node) =>
      node.id === id
        ? {
            ...node,
            ariaLabel: stepName(node.data.type, label),
            data: { ...node.data, label: label.trim() ? label : undefined },
          }
        : node,
    );
  }

  setName(name: string): void {
    this.checkpoint('name');
    this.name = name;
  }

  setDescription(description: string): void {
    this.checkpoint('description');
    this.description = description;
  }

  setSettings(settings: Partial<FlowSettings> | Record<string, unknown>): void {
    this.checkpoint('settings');
    this.settings = { ...this.settings, ...settings };
  }

  /** Why a connection is refused, or null; also shown while the user drags. */
  checkConnection(connection: ProposedConnection): boolean {
    if (this.readOnly) return false;
    const problem = connectionProblem({ node: (id) => this.node(id), edges: this.edges }, connection);
    this.connectionHint = problem;
    return problem === null;
  }

  /** The edge to add for an accepted connection, with an id of ours. */
  connect(connection: ProposedConnection): StepEdge | null {
    if (!this.checkConnection(connection)) return null;
    this.checkpoint();
    const handle = connection.sourceHandle ?? 'out';
    const taken = new Set(this.edges.map((edge) => edge.id));
    const id = freshId(`${connection.source}-${handle}`, taken);
    this.connectionHint = null;
    return { id, source: connection.source, sourceHandle: handle, target: connection.target };
  }

  deleteSelection(): void {
    if (this.readOnly) return;
    const ids = new Set(
      this.nodes.filter((node) => node.selected && node.data.type !== 'entry').map((node) => node.id),
    );
    const edgeIds = new Set(this.edges.filter((edge) => edge.selected).map((edge) => edge.id));
    if (ids.size === 0 && edgeIds.size === 0) return;
    this.checkpoint();
    this.nodes = this.nodes.filter((node) => !ids.has(node.id));
    this.edges = this.edges.filter((edge) => !edgeIds.has(edge.id) && !ids.has(edge.source) && !ids.has(edge.target));
  }

  selectAll(): void {
    this.nodes = this.nodes.map((node) => ({ ...node, selected: true }));
  }

  selectOnly(id: string | null): void {
    this.nodes = this.nodes.map((node) => ({ ...node, selected: node.id === id }));
    this.edges = this.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge));
  }

  copySelection(): number {
    const draft = this.toDraft();
    const ids = new Set(this.selectedNodes.map((node) => node.id));
    this.clipboard = copyFragment(draft.nodes, draft.edges, ids);
    return this.clipboard.nodes.length;
  }

  paste(): number {
    if (this.readOnly || !this.clipboard?.nodes.length) return 0;
    this.checkpoint();
    const taken = [...this.nodes.map((node) => node.id), ...this.edges.map((edge) => edge.id)];
    const pasted = pasteFragment(this.clipboard, taken);
    // The next paste lands a step further on, not on top of this one.
    this.clipboard = pasted;
    this.nodes = [
      ...this.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)),
      ...pasted.nodes.map((node) => ({ ...toCanvasNode(node), selected: true, deletable: true })),
    ];
    this.edges = [...this.edges, ...pasted.edges.map(toCanvasEdge)];
    return pasted.nodes.length;
  }

  /** Lays the whole flow out from the Start downwards. */
  tidy(): void {
    if (this.readOnly) return;
    this.checkpoint();
    const positions = tidyLayout(
      this.nodes.map((node) => ({ id: node.id, width: node.measured?.width, height: node.measured?.height })),
      this.edges,
    );
    this.nodes = this.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position }));
  }

  /** Called as the view moves; updates {@link detailViewport} only when it moved enough to matter. */
  viewMoved(viewport: Viewport): void {
    if (movedEnough(this.detailViewport, viewport)) this.detailViewport = { ...viewport };
  }

  /** Shows a test run's path on the canvas (null clears it). */
  showTrace(result: DryRunResult | null): void {
    this.trace = result;
    const followed = new Set(result?.steps.flatMap((step) => (step.edgeId ? [step.edgeId] : [])) ?? []);
    this.edges = this.edges.map((edge) => ({
      ...edge,
      animated: followed.has(edge.id),
      class: followed.has(edge.id) ? 'traced' : '',
    }));
  }

  /** Marks the flow as published (after the runtime accepted it). */
  published(version: number): void {
    this.currentVersion = version;
    this.publishedJson = this.lastValidGraphJson;
    this.sameAsPublished = this.publishedJson !== null;
    if (this.status === 'draft') this.status = 'active';
  }
}

const key = Symbol('flow-editor');

export function setFlowEditor(editor: FlowEditor): FlowEditor {
  return setContext(key, editor);
}

export function getFlowEditor(): FlowEditor {
  const editor = getContext<FlowEditor | undefined>(key);
  if (!editor) throw new Error('getFlowEditor() is used outside a flow editor: wrap the component in FlowEditorPage.');
  return editor;
}
