/**
 * `collectflow connector new <id>`: a new source connector plugin in `connectors/src/<id>/`,
 * copied from the template in `./template/` (a working connector for a small open-items REST
 * API, its loopback double and its tests, all run by CI as they are) with the names changed,
 * and registered in `connectors/src/index.ts` so that the designer offers it at once. IT then
 * changes the API calls and the mapping to their system's; the tests show what still holds.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `connectors/src`, where connector folders live. */
export const connectorsSourceDir = fileURLToPath(new URL('..', import.meta.url));

const templateDir = fileURLToPath(new URL('./template/', import.meta.url));
const templateFiles = ['example-erp.ts', 'example-erp-double.ts', 'example-erp.test.ts'] as const;

/** Folders of `connectors/src` that are not connectors. */
const reservedIds = new Set(['sdk', 'doubles', 'scaffold', 'index']);

export interface ScaffoldOptions {
  /** The connector id and folder name: lower case words joined by hyphens, e.g. `acme-erp`. */
  id: string;
  /** What administrators read, e.g. "Acme ERP". Default: the id's words, capitalised. */
  label?: string;
  /** Default: `connectors/src` of this checkout. */
  connectorsSrc?: string;
  /** Add it to `builtInConnectors` in `index.ts`. Default: true. */
  register?: boolean;
}

export interface ScaffoldResult {
  id: string;
  label: string;
  /** The name the connector is exported as, e.g. `acmeErp`. */
  exportName: string;
  directory: string;
  files: string[];
  registered: boolean;
}

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

const words = (id: string) => id.split('-');
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function namesOf(id: string, label?: string) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length > 40) {
    throw new ScaffoldError(
      `“${id}” cannot be a connector id: use lower-case letters and digits, words joined by hyphens (e.g. acme-erp), at most 40 characters.`,
    );
  }
  if (reservedIds.has(id) || id === 'example-erp') throw new ScaffoldError(`“${id}” is reserved; choose another id.`);
  const shownLabel = label?.trim() || words(id).map(capitalised).join(' ');
  if (!/^[\p{L}\p{N} .&()/+-]{1,60}$/u.test(shownLabel)) {
    throw new ScaffoldError(
      `“${shownLabel}” cannot be a label: use letters, digits, spaces and . & ( ) / + - (at most 60 characters).`,
    );
  }
  const pascal = words(id).map(capitalised).join('');
  return { id, label: shownLabel, pascal, camel: pascal.charAt(0).toLowerCase() + pascal.slice(1) };
}

/** A template file with the example's names replaced by the new connector's. */
export function renamed(source: string, names: ReturnType<typeof namesOf>): string {
  return source
    .replaceAll('../../sdk/', '../sdk/')
    .replaceAll('example-erp', names.id)
    .replaceAll('exampleErp', names.camel)
    .replaceAll('ExampleErp', names.pascal)
    .replaceAll('Example ERP', names.label);
}

/**
 * `index.ts` with the connector exported and in `builtInConnectors`. Each line goes where the
 * import sorting (Biome's) keeps it: exports and imports by folder, the registry at its end.
 */
export function registeredIn(index: string, names: ReturnType<typeof namesOf>): string {
  if (index.includes(`'./${names.id}/`) || new RegExp(`\\b${names.camel}\\b`).test(index)) {
    throw new ScaffoldError(`“${names.id}” (${names.camel}) is already in index.ts; choose another id.`);
  }
  const lines = index.split('\n');
  const folderOf = (line: string) => /from '\.\/([^/]+)\//.exec(line)?.[1] ?? null;
  const insertSorted = (isBlockLine: (line: string) => boolean, added: string[]) => {
    const block = lines.flatMap((line, at) => (isBlockLine(line) ? [at] : []));
    if (block.length === 0) throw new ScaffoldError('index.ts has changed shape: register the connector by hand.');
    const after = block.filter((at) => (folderOf(lines[at]!) ?? '') < names.id);
    const at = after.length > 0 ? after.at(-1)! + 1 : block[0]!;
    lines.splice(at, 0, ...added);
  };
  insertSorted(
    (line) => line.startsWith("export * from './"),
    [`export * from './${names.id}/${names.id}.ts';`, `export * from './${names.id}/${names.id}-double.ts';`],
  );
  insertSorted(
    (line) => line.startsWith('import {') && folderOf(line) !== null,
    [`import { ${names.camel} } from './${names.id}/${names.id}.ts';`],
  );
  const registry = lines.findIndex((line) => line.startsWith('export const builtInConnectors'));
  const end = lines.findIndex((line, at) => at > registry && line === '};');
  if (registry === -1 || end === -1) {
    throw new ScaffoldError('index.ts has no builtInConnectors registry: register the connector by hand.');
  }
  lines.splice(end, 0, `  [${names.camel}.id]: ${names.camel},`);
  return lines.join('\n');
}

export async function scaffoldSourceConnector(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const names = namesOf(options.id, options.label);
  const connectorsSrc = options.connectorsSrc ?? connectorsSourceDir;
  const directory = path.join(connectorsSrc, names.id);
  if (existsSync(directory)) throw new ScaffoldError(`${directory} already exists; choose another id.`);
  const indexFile = path.join(connectorsSrc, 'index.ts');
  const register = options.register ?? true;
  // Checked before anything is written, so that a refusal leaves no half-made connector.
  const index = register ? registeredIn(await readFile(indexFile, 'utf8'), names) : null;

  await mkdir(directory, { recursive: true });
  const files: string[] = [];
  for (const file of templateFiles) {
    const target = path.join(directory, renamed(file, names));
    await writeFile(target, renamed(await readFile(path.join(templateDir, file), 'utf8'), names));
    files.push(target);
  }
  if (index !== null) await writeFile(indexFile, index);
  return {
    id: names.id,
    label: names.label,
    exportName: names.camel,
    directory,
    files,
    registered: index !== null,
  };
}
