/**
 * How many SMS parts a text costs: GSM-7 (160 characters, 153 per part when split; `€ [ ] { }`
 * and a few more count twice) or UCS-2 as soon as one character is outside GSM-7 (70, 67 per
 * part). Counted by Twilio's open-source segment calculator, which handles the extension table,
 * emoji and surrogate pairs correctly.
 */
import { SegmentedMessage } from 'sms-segments-calculator';

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as a person counts them. */
  characters: number;
  segments: number;
  /** Characters that force UCS-2, each once, in order of appearance. */
  nonGsmCharacters: string[];
}

export function smsLength(text: string): SmsLength {
  const message = new SegmentedMessage(text, 'auto');
  return {
    encoding: message.encodingName,
    characters: message.numberOfCharacters,
    segments: text.length === 0 ? 0 : message.segmentsCount,
    nonGsmCharacters: [...new Set(message.getNonGsmCharacters())],
  };
}
