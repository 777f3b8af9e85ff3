/** Waits in plain words, for the canvas, the inspector and timelines. */
import { segmentFields } from '../../segments/segment-fields.ts';
import { weekdayNames } from '../flow-settings.ts';
import type { WaitNodeData } from '../nodes/wait.ts';

const unitNames = { minutes: 'minute', hours: 'hour', days: 'day', weeks: 'week' } as const;

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function listOf(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** E.g. "3 days", "the next Monday or Thursday at 09:00", "14 days after the oldest due date, at 09:00". */
export function describeWait(wait: WaitNodeData): string {
  switch (wait.kind) {
    case 'duration':
      return wait.amount === 0 ? 'no time (continue at once)' : plural(wait.amount, unitNames[wait.unit]);
    case 'weekday':
      return `the next ${listOf([...wait.days].sort().map((day) => weekdayNames[day - 1]!))} at ${wait.time}`;
    case 'date': {
      const label = segmentFields.find((field) => field.name === wait.field)?.label.toLowerCase() ?? wait.field;
      const offset = Math.abs(wait.offsetDays);
      const relation =
        wait.offsetDays === 0 ? 'on' : `${plural(offset, 'day')} ${wait.offsetDays > 0 ? 'after' : 'before'}`;
      return `${relation} the ${label}, at ${wait.time}`;
    }
  }
}
