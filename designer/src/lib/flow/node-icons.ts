/** The icon of each step type, on the palette and the canvas. */
import type { FlowNodeType } from '@collectflow/shared';
import BrainCircuit from '@lucide/svelte/icons/brain-circuit';
import Clock from '@lucide/svelte/icons/clock';
import Flag from '@lucide/svelte/icons/flag';
import FlaskConical from '@lucide/svelte/icons/flask-conical';
import Hourglass from '@lucide/svelte/icons/hourglass';
import Mail from '@lucide/svelte/icons/mail';
import Mailbox from '@lucide/svelte/icons/mailbox';
import MessageSquare from '@lucide/svelte/icons/message-square';
import Phone from '@lucide/svelte/icons/phone';
import Play from '@lucide/svelte/icons/play';
import Route from '@lucide/svelte/icons/route';
import Split from '@lucide/svelte/icons/split';
import TriangleAlert from '@lucide/svelte/icons/triangle-alert';
import Zap from '@lucide/svelte/icons/zap';
import type { Component } from 'svelte';

export const nodeIcons = {
  entry: Play,
  filter: Split,
  preferredChannel: Route,
  email: Mail,
  sms: MessageSquare,
  letter: Mailbox,
  voice: Phone,
  wait: Clock,
  waitFor: Hourglass,
  abSplit: FlaskConical,
  bestChannel: BrainCircuit,
  action: Zap,
  exit: Flag,
} satisfies Record<FlowNodeType, Component>;

export function iconOf(type: string): Component {
  return (nodeIcons as Record<string, Component>)[type] ?? TriangleAlert;
}
