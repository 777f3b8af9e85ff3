/** `collectflow api-key …`: create (printed once), list and revoke REST API keys. */
import { ApiScope, apiScopeGroups } from '@collectflow/shared';
import { type Command, InvalidArgumentError } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../../api-keys/api-key-queries.ts';
import { loadConfig } from '../../config/config.ts';
import { print } from '../output.ts';
import { resolveWorkspace } from '../resolve-workspace.ts';
import { withDatabase } from '../with-database.ts';

/** Scopes, or the groups `ingest`, `read` and `webhooks-admin` standing for theirs. */
export function parseScopes(value: string): ApiScope[] {
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean)
    .flatMap((scope) =>
      scope in apiScopeGroups ? [...apiScopeGroups[scope as keyof typeof apiScopeGroups]] : [scope],
    );
  const unknown = scopes.filter((scope) => !ApiScope.safeParse(scope).success);
  if (unknown.length > 0 || scopes.length === 0) {
    throw new InvalidArgumentError(
      `use scopes from: ${ApiScope.options.join(', ')} — or the groups ${Object.keys(apiScopeGroups).join(', ')}`,
    );
  }
  return [...new Set(scopes)] as ApiScope[];
}

export function registerApiKeyCommand(program: Command): void {
  const apiKey = program.command('api-key').description('Manage REST API keys.');

  apiKey
    .command('create')
    .description('Create an API key and print it (it is shown only this once).')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--name <name>', 'what uses the key', 'Command line')
    .option(
      '--scopes <list>',
      `comma-separated, from: ${ApiScope.options.join(', ')}, or the groups ingest, read, webhooks-admin (default: all)`,
      parseScopes,
    )
    .option('--json', 'print JSON', false)
    .action(async (options: { workspace: string; name: string; scopes?: ApiScope[]; json: boolean }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const { token, key } = await createApiKey(pool, workspace.id, {
          name: options.name,
          scopes: options.scopes ?? [...ApiScope.options],
          createdBy: null,
        });
        print(
          options,
          [
            token,
            `(key ${key.prefix} for ${workspace.name}, scopes ${key.scopes.join(', ')}; store it now, it is not shown again)`,
          ],
          { token, ...key },
        );
      });
    });

  apiKey
    .command('list')
    .description('List the API keys of a workspace (without their secrets).')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--json', 'print JSON', false)
    .action(async (options: { workspace: string; json: boolean }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const keys = await listApiKeys(pool, workspace.id);
        print(
          options,
          keys.length
            ? keys.map(
                (key) =>
                  `${key.id}  ${key.prefix}  ${key.name}  [${key.scopes.join(', ')}]${key.revokedAt ? '  revoked' : ''}`,
              )
            : `${workspace.name} has no API keys.`,
          { keys },
        );
      });
    });

  apiKey
    .command('revoke <id>')
    .description('Revoke an API key: requests with it are refused from now on.')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--json', 'print JSON', false)
    .action(async (id: string, options: { workspace: string; json: boolean }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const key = await revokeApiKey(pool, workspace.id, id);
        print(options, `Revoked ${key.prefix} (${key.name}).`, key);
      });
    });
}
