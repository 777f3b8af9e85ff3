/** How channels look in the template and connector screens: labels, and the flow steps' icons. */
import type { Channel } from '@collectflow/shared';
import type { Component } from 'svelte';
import { nodeIcons } from '../flow/node-icons.ts';

export const channelDisplay: Record<Channel, { label: string; plural: string; icon: Component }> = {
  email: { label: 'E-mail', plural: 'E-mails', icon: nodeIcons.email },
  letter: { label: 'Letter', plural: 'Letters', icon: nodeIcons.letter },
  sms: { label: 'SMS', plural: 'SMS', icon: nodeIcons.sms },
  voice: { label: 'Phone call', plural: 'Phone calls', icon: nodeIcons.voice },
};
