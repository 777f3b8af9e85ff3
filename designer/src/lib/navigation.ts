/** The app's sections, in the order the navigation shows them. */
import BrainCircuit from '@lucide/svelte/icons/brain-circuit';
import Cable from '@lucide/svelte/icons/cable';
import ClipboardList from '@lucide/svelte/icons/clipboard-list';
import FileText from '@lucide/svelte/icons/file-text';
import FolderKanban from '@lucide/svelte/icons/folder-kanban';
import Inbox from '@lucide/svelte/icons/inbox';
import LayoutDashboard from '@lucide/svelte/icons/layout-dashboard';
import Settings from '@lucide/svelte/icons/settings';
import Workflow from '@lucide/svelte/icons/workflow';
import type { Component } from 'svelte';

export interface Section {
  href: string;
  label: string;
  icon: Component;
}

export const sections: readonly Section[] = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/flows', label: 'Flows', icon: Workflow },
  { href: '/templates', label: 'Templates', icon: FileText },
  { href: '/models', label: 'Models', icon: BrainCircuit },
  { href: '/cases', label: 'Cases', icon: FolderKanban },
  { href: '/tasks', label: 'Tasks', icon: ClipboardList },
  { href: '/outbox', label: 'Outbox', icon: Inbox },
  { href: '/connectors', label: 'Connectors', icon: Cable },
  { href: '/settings', label: 'Settings', icon: Settings },
];

/** The section a page address belongs to (`/flows/abc` → Flows). */
export function sectionOf(pathname: string): Section | undefined {
  return sections.find((section) => pathname === section.href || pathname.startsWith(`${section.href}/`));
}
