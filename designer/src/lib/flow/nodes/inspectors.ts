/** The settings form of each step type, checked against the catalog so none is missing. */
import type { FlowNodeType } from '@collectflow/shared';
import type { Component } from 'svelte';
import AbSplitInspector from './AbSplitInspector.svelte';
import ActionInspector from './ActionInspector.svelte';
import BestChannelInspector from './BestChannelInspector.svelte';
import ChannelInspector from './ChannelInspector.svelte';
import EntryInspector from './EntryInspector.svelte';
import ExitInspector from './ExitInspector.svelte';
import FilterInspector from './FilterInspector.svelte';
import type { InspectorProps } from './inspector-props.ts';
import PreferredChannelInspector from './PreferredChannelInspector.svelte';
import WaitForInspector from './WaitForInspector.svelte';
import WaitInspector from './WaitInspector.svelte';

// biome-ignore lint/suspicious/noExplicitAny: each inspector takes its own type's data
type AnyInspector = Component<InspectorProps<any>>;

export const inspectors = {
  entry: EntryInspector,
  filter: FilterInspector,
  preferredChannel: PreferredChannelInspector,
  email: ChannelInspector,
  sms: ChannelInspector,
  letter: ChannelInspector,
  voice: ChannelInspector,
  wait: WaitInspector,
  waitFor: WaitForInspector,
  abSplit: AbSplitInspector,
  bestChannel: BestChannelInspector,
  action: ActionInspector,
  exit: ExitInspector,
} satisfies Record<FlowNodeType, AnyInspector>;
