/** The palette: every step type from the shared catalog, grouped by purpose, in catalog order. */
import { type FlowNodeType, type NodeCategory, nodeCatalog, nodeCategoryLabels } from '@collectflow/shared';

export interface PaletteGroup {
  category: NodeCategory;
  label: string;
  types: { type: FlowNodeType; label: string; description: string }[];
}

/** The drag-and-drop data type of a palette item. */
export const paletteMimeType = 'application/x-collectflow-step';

export const paletteGroups: PaletteGroup[] = (Object.keys(nodeCategoryLabels) as NodeCategory[]).map((category) => ({
  category,
  label: nodeCategoryLabels[category],
  types: Object.values(nodeCatalog)
    .filter((definition) => definition.category === category)
    .map(({ type, label, description }) => ({ type, label, description })),
}));
