/**
 * `collectflow connector new <id>`: a new source connector plugin — the connector, a local
 * double of its API and its tests, passing as made — in `connectors/src/<id>/`, registered so
 * that the designer offers it under Connectors. Needs no database.
 */
import path from 'node:path';
import { connectorsSourceDir, ScaffoldError, scaffoldSourceConnector } from '@collectflow/connectors';
import type { Command } from 'commander';
import { CommandFailure, print } from '../output.ts';

export function registerConnectorCommand(program: Command): void {
  const connector = program.command('connector').description('Write connector plugins.');

  connector
    .command('new')
    .description('Create a source connector plugin (pulls debtors and invoices from an ERP) with its double and tests.')
    .argument('<id>', 'lower-case words joined by hyphens, e.g. acme-erp')
    .option('--label <label>', 'what administrators read, e.g. "Acme ERP" (default: from the id)')
    .option('--json', 'print JSON', false)
    .action(async (id: string, options: { label?: string; json: boolean }) => {
      const made = await scaffoldSourceConnector({ id, label: options.label }).catch((error: unknown) => {
        if (error instanceof ScaffoldError) throw new CommandFailure(error.message, { error: 'invalid_connector' });
        throw error;
      });
      const shown = (file: string) => path.relative(process.cwd(), file) || file;
      const packageDir = path.dirname(connectorsSourceDir);
      print(
        options,
        [
          `Created the source connector “${made.label}” (${made.id}) in ${shown(made.directory)}/:`,
          `  ${made.id}.ts          the connector: its settings, the API request and the mapping to debtors and invoices`,
          `  ${made.id}-double.ts   a local double of the API, which the tests talk to`,
          `  ${made.id}.test.ts     its tests; they pass as made:`,
          `      corepack pnpm --dir ${shown(packageDir)} exec vitest run src/${made.id}`,
          `Registered in ${shown(path.join(connectorsSourceDir, 'index.ts'))}: after a restart administrators find`,
          `“Set up ${made.label}” under Connectors; it is pulled every 5 minutes once set up.`,
          'Next: change the request and the mapping to your system’s API, and the double to match (docs/connectors.md).',
        ],
        { ok: true, ...made },
      );
    });
}
