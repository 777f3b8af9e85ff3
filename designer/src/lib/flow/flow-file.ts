/** Flow JSON files: reading one a user picked for import, and the file name of an export. */
import { FlowDraft, issueMessage } from '@collectflow/shared';

export type ReadFlowFile = { ok: true; draft: FlowDraft } | { ok: false; message: string };

/** Checks a file's text as a flow; the message names what is wrong and where. */
export function readFlowFile(fileName: string, text: string): ReadFlowFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `${fileName} is not valid JSON: ${(error as Error).message}.` };
  }
  const parsed = FlowDraft.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
    return { ok: false, message: `${fileName} is not a Collectflow flow: ${issueMessage(issue)}${where}` };
  }
  return { ok: true, draft: parsed.data };
}

/** `NL consumer (with 14-day letter)` → `nl-consumer-with-14-day-letter.json` */
export function flowFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'flow'}.json`;
}
