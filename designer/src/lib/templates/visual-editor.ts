/**
 * GrapesJS for e-mails (MJML through grapesjs-mjml) and letters (HTML on an A4 sheet), loaded
 * only when a template is opened: it is a large chunk no other page should pay for. No network:
 * telemetry off, no icon fonts from a CDN. The dunning blocks are opaque blocks here (the
 * preview shows them filled in); for marketing (text-only) every block is locked in place and
 * only text stays editable.
 */
import { type DunningBlockName, dunningBlockNames, dunningBlocks } from '@collectflow/shared';
import type { Component, Editor } from 'grapesjs';

export interface VisualEditorOptions {
  container: HTMLElement;
  blocksPanel: HTMLElement;
  stylesPanel: HTMLElement;
  channel: 'email' | 'letter';
  body: string;
  css: string;
  textOnly: boolean;
  onchange: (body: string, css: string) => void;
  onselect?: (label: string | null) => void;
}

/** DIN 5008 form B, drawn on the canvas only (the page itself comes from the renderer). */
const letterCanvasCss = `
  body { background: #e9ecea; margin: 0; padding: 12px 0; }
  [data-gjs-type="wrapper"] { position: relative; width: 210mm; min-height: 297mm; margin: 0 auto; background: #fff;
    padding: 103mm 20mm 30mm 25mm; box-shadow: 0 2px 12px rgb(0 0 0 / 12%); font-family: Arial, sans-serif; font-size: 11pt;
    line-height: 1.45; box-sizing: border-box; zoom: var(--cf-zoom, 1);
    background-image: linear-gradient(#9aa5a0, #9aa5a0), linear-gradient(#9aa5a0, #9aa5a0), linear-gradient(#9aa5a0, #9aa5a0);
    background-size: 6mm 0.3mm, 9mm 0.3mm, 6mm 0.3mm; background-repeat: no-repeat;
    background-position: 5mm 105mm, 5mm 148.5mm, 5mm 210mm; }
  [data-gjs-type="wrapper"]::before { content: "Address window · filled in from the debtor’s address"; position: absolute;
    top: 45mm; left: 20mm; width: 85mm; height: 45mm; border: 1px dashed #9aa5a0; border-radius: 2mm; color: #6b7772;
    font-size: 9pt; padding: 5mm; box-sizing: border-box; background: #f6f8f7; pointer-events: none; }
  [data-gjs-type="wrapper"]::after { content: "Date, customer number and reference"; position: absolute; top: 50mm;
    left: 125mm; width: 65mm; color: #6b7772; font-size: 9pt; pointer-events: none; }
`;

const blockPreviewCss = `
  .cf-block-preview { border: 1px dashed #8fa3c7; background: #f3f6fc; color: #2a3f6b; border-radius: 6px; padding: 10px 12px;
    font: 13px/1.4 Arial, sans-serif; display: flex; gap: 8px; align-items: center; }
  .cf-block-preview strong { font-weight: 600; }
`;

function blockPreview(name: DunningBlockName): string {
  const block = dunningBlocks[name];
  return `<div class="cf-block-preview"><span>▦</span><span><strong>${block.label}</strong> · ${block.description}</span></div>`;
}

const blockMedia = (glyph: string) =>
  `<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><rect x="2" y="4" width="20" height="16" rx="3" fill="none" stroke="currentColor" stroke-width="1.5"/><text x="12" y="16" font-size="9" text-anchor="middle" fill="currentColor" font-family="Arial">${glyph}</text></svg>`;
const glyphs: Record<DunningBlockName, string> = {
  invoice_table: '€≡',
  pay_button: 'Pay',
  payment_qr: 'QR',
  installment_offer: '1/3',
  legal_footer: '§',
};

const blockTag = /^\s*\{%-?\s*([a-z_]+)\s*-?%\}\s*$/;

/** Which dunning block a component is, if it is one. */
function dunningBlockOf(component: Component): DunningBlockName | null {
  const marked = component.getAttributes()['data-cf-block'];
  if (typeof marked === 'string' && (dunningBlockNames as readonly string[]).includes(marked)) {
    return marked as DunningBlockName;
  }
  if (component.get('type') !== 'mj-raw') return null;
  const match = blockTag.exec(component.getInnerHTML?.() ?? '');
  return match && (dunningBlockNames as readonly string[]).includes(match[1]!) ? (match[1] as DunningBlockName) : null;
}

function registerDunningBlocks(editor: Editor, channel: 'email' | 'letter'): void {
  const components = editor.Components;
  // Letters: a <div data-cf-block> holding the tag, drawn as a labelled placeholder.
  components.addType('cf-block', {
    isComponent: (element) =>
      element instanceof HTMLElement && element.dataset?.cfBlock ? { type: 'cf-block' } : false,
    model: { defaults: { editable: false, droppable: false, stylable: false } },
    view: {
      onRender({ el, model }) {
        const name = model.getAttributes()['data-cf-block'] as DunningBlockName;
        if (!dunningBlocks[name]) return;
        el.innerHTML = blockPreview(name);
        model.set('name', dunningBlocks[name].label);
      },
    },
  });
  for (const name of dunningBlockNames) {
    const block = dunningBlocks[name];
    editor.Blocks.add(`cf-${name}`, {
      label: block.label,
      category: 'Dunning blocks',
      media: blockMedia(glyphs[name]),
      attributes: { title: block.description },
      content:
        channel === 'email' ? `<mj-raw>{% ${name} %}</mj-raw>` : `<div data-cf-block="${name}">{% ${name} %}</div>`,
    });
  }
}

/** E-mail blocks are <mj-raw>: draw a placeholder in the canvas for the ones holding a dunning tag. */
function drawEmailBlockPlaceholders(editor: Editor): void {
  const draw = (component: Component) => {
    const name = dunningBlockOf(component);
    const el = component.getEl();
    if (!name) return;
    if (component.get('name') !== dunningBlocks[name].label) component.set('name', dunningBlocks[name].label);
    if (el && !el.querySelector('.cf-block-preview')) el.innerHTML = blockPreview(name);
  };
  const drawAll = () => {
    for (const component of editor.getWrapper()?.find('mj-raw') ?? []) draw(component);
  };
  editor.on('component:mount', draw);
  editor.on('load', drawAll);
  editor.on('canvas:frame:load', drawAll);
}

const textTypes = new Set(['text', 'mj-text', 'mj-button', 'textnode', 'link']);

/** Marketing: nothing moves, nothing is deleted or restyled; text stays editable. */
function lockLayout(editor: Editor): void {
  const lock = (component: Component) => {
    const isText = textTypes.has(component.get('type') ?? '');
    component.set({
      draggable: false,
      droppable: false,
      removable: false,
      copyable: false,
      stylable: false,
      resizable: false,
      badgable: true,
      ...(isText ? {} : { editable: false }),
    });
    component.set('toolbar', []);
  };
  const lockAll = () => {
    const wrapper = editor.getWrapper();
    if (!wrapper) return;
    for (const component of [wrapper, ...wrapper.find('*')]) lock(component);
  };
  editor.on('load', lockAll);
  editor.on('component:add', lock);
}

/** An A4 sheet is wider than most canvases: zoom out until the whole width shows. */
function fitLetterToWidth(editor: Editor, container: HTMLElement): void {
  const sheetPx = 840; // 210 mm at 96 dpi plus the margin around it
  // CSS zoom on the page inside the frame (GrapesJS's own zoom shrinks the frame with it).
  const fit = () => {
    const factor = Math.min(1, Math.max(0.3, (container.clientWidth - 24) / sheetPx));
    editor.Canvas.getDocument()?.documentElement.style.setProperty('--cf-zoom', factor.toFixed(3));
  };
  editor.on('load', fit);
  editor.on('canvas:frame:load', fit);
  const observer = new ResizeObserver(fit);
  observer.observe(container);
  editor.on('destroy', () => observer.disconnect());
}

function exportBody(editor: Editor, channel: 'email' | 'letter'): { body: string; css: string } {
  if (channel === 'email') return { body: editor.getHtml(), css: '' };
  const html = editor
    .getHtml()
    .replace(/^<body[^>]*>/, '')
    .replace(/<\/body>\s*$/, '');
  return { body: html, css: editor.getCss({ avoidProtected: true, keepUnusedStyles: false }) ?? '' };
}

export async function mountVisualEditor(options: VisualEditorOptions): Promise<Editor> {
  const [{ default: grapesjs }, mjml] = await Promise.all([
    import('grapesjs'),
    options.channel === 'email' ? import('grapesjs-mjml') : Promise.resolve(null),
    import('grapesjs/dist/css/grapes.min.css'),
  ]);
  const editor = grapesjs.init({
    container: options.container,
    height: '100%',
    width: 'auto',
    telemetry: false,
    cssIcons: '',
    storageManager: false,
    undoManager: { trackSelection: false },
    panels: { defaults: [] },
    blockManager: { appendTo: options.blocksPanel },
    styleManager: { appendTo: options.stylesPanel },
    selectorManager: { componentFirst: true },
    deviceManager: {
      devices: [
        { id: 'desktop', name: 'Desktop', width: '' },
        { id: 'phone', name: 'Phone', width: '390px', widthMedia: '480px' },
      ],
    },
    canvasCss: options.channel === 'letter' ? letterCanvasCss + blockPreviewCss : blockPreviewCss,
    // Our block types must exist before the template's components are parsed.
    plugins: [...(mjml ? [mjml.default] : []), (created: Editor) => registerDunningBlocks(created, options.channel)],
    pluginsOpts: mjml
      ? { [mjml.default as unknown as string]: { resetBlocks: true, useXmlParser: true, imagePlaceholderSrc: '' } }
      : {},
    ...(options.channel === 'letter' ? { components: options.body, style: options.css } : {}),
  });
  if (options.channel === 'letter') fitLetterToWidth(editor, options.container);
  if (options.channel === 'email') {
    drawEmailBlockPlaceholders(editor);
    editor.setComponents(options.body);
  }
  if (options.textOnly) lockLayout(editor);
  editor.on('component:selected', (component: Component) => {
    options.onselect?.(component?.getName?.() ?? null);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.on('update', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { body, css } = exportBody(editor, options.channel);
      options.onchange(body, css);
    }, 300);
  });
  return editor;
}

/** Inserts a merge tag at the caret of the text being edited; false when no text is being edited. */
export function insertIntoActiveText(editor: Editor, text: string): boolean {
  const rte = editor.RichTextEditor.globalRte;
  const selected = editor.getSelected();
  const view = selected?.getView() as { rteEnabled?: boolean } | undefined;
  if (!rte || !selected || !view?.rteEnabled) return false;
  rte.insertHTML(text);
  return true;
}
