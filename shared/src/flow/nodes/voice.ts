/** Robocall step: a text-to-speech call in the debtor's language, routed by outcome (`sent` or `failed`). */
import { z } from 'zod';
import { Language } from '../../i18n/language.ts';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';
import { channelHandles, channelNodeFields } from './channel-node-data.ts';

export const VoiceGender = z.enum(['female', 'male']);
export type VoiceGender = z.infer<typeof VoiceGender>;

export const VoiceNodeData = z.object({
  ...channelNodeFields,
  /** Language of the spoken text. Default: null, the debtor's own language. */
  language: Language.nullable().default(null),
  /** Default: female. */
  voice: VoiceGender.default('female'),
});
export type VoiceNodeData = z.infer<typeof VoiceNodeData>;

export const voiceNodeType = {
  type: 'voice',
  label: 'Phone call',
  description: 'Call with a spoken message in the debtor’s language.',
  category: 'channels',
  icon: 'phone',
  data: VoiceNodeData,
  defaultData: { template: 'voice-reminder' },
  handles: () => channelHandles,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'voice', typeof VoiceNodeData>;

export const VoiceNode = nodeSchema(voiceNodeType);
export type VoiceNode = z.infer<typeof VoiceNode>;
