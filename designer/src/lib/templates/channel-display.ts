/** How channels look in the template screens: a label and an icon. */
import type { Channel } from '@collectflow/shared';
import Mail from '@lucide/svelte/icons/mail';
import MessageSquare from '@lucide/svelte/icons/message-square';
import Phone from '@lucide/svelte/icons/phone';
import ScrollText from '@lucide/svelte/icons/scroll-text';
import type { Component } from 'svelte';

export const channelDisplay: Record<Channel, { label: string; plural: string; icon: Component }> = {
  email: { label: 'E-mail', plural: 'E-mails', icon: Mail },
  letter: { label: 'Letter', plural: 'Letters', icon: ScrollText },
  sms: { label: 'SMS', plural: 'SMS', icon: MessageSquare },
  voice: { label: 'Phone call', plural: 'Phone calls', icon: Phone },
};
