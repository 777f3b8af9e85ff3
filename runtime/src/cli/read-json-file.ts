/** Reads a JSON file for a command, with errors that say which file and where it is broken. */
import { readFile } from 'node:fs/promises';
import { CommandFailure } from './output.ts';

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file}: ${(error as Error).message}`,
      {
        error: 'file_unreadable',
        file,
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandFailure(`${file} is not valid JSON: ${(error as Error).message}`, { error: 'invalid_json', file });
  }
}
