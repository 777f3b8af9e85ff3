/**
 * The `collectflow` command line: run the service, migrate, seed the demo, manage users, flows
 * and API keys. A public contract for scripts: commands print JSON with `--json`.
 */
import { randomBytes } from 'node:crypto';
import { CreateUserInput, Role } from '@collectflow/shared';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { demoWorkspaceName } from '../demo/demo-workspace.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { DomainError } from '../errors/domain-error.ts';
import { runService } from '../service/run-service.ts';
import { createMember } from '../users/member-queries.ts';
import { createWorkspace, findWorkspace } from '../workspaces/workspace-queries.ts';
import { registerApiKeyCommand } from './commands/api-key-command.ts';
import { registerConnectorCommand } from './commands/connector-command.ts';
import { registerFlowsCommand } from './commands/flows-command.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { CommandFailure, describeProblems } from './output.ts';
import { withDatabase } from './with-database.ts';

const program = new Command('collectflow')
  .description('Collectflow: dunning and collections communication.')
  .showHelpAfterError()
  .addHelpText(
    'after',
    '\nConfiguration comes from environment variables (see README.md). Without DATABASE_URL an\nembedded PostgreSQL is started under COLLECTFLOW_DATA_DIR (default .collectflow/).',
  );

program
  .command('start')
  .description('Run the HTTP server and a worker in one process.')
  .option('--demo', 'create the demo workspace on first run', false)
  .action(async (options: { demo: boolean }) => {
    await runService(loadConfig(), { server: true, worker: true, demo: options.demo });
  });

program
  .command('server')
  .description('Run only the HTTP server (run workers separately with `collectflow worker`).')
  .action(async () => {
    await runService(loadConfig(), { server: true, worker: false, demo: false });
  });

program
  .command('worker')
  .description('Run only a worker. Start as many as you need, on as many machines, against one PostgreSQL.')
  .action(async () => {
    await runService(loadConfig(), { server: false, worker: true, demo: false });
  });

program
  .command('migrate')
  .description('Bring the database schema up to date (also done by start, server and worker).')
  .action(async () => {
    const database = await openDatabase(loadConfig());
    try {
      const { applied } = await migrateDatabase(database.connectionString);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database schema is up to date.');
    } finally {
      await database.close();
    }
  });

program
  .command('seed-demo')
  .description(`Create the "${demoWorkspaceName}" demo workspace with synthetic debtors (once).`)
  .option('--debtors <count>', 'number of debtors', parsePositiveInt, 1000)
  .action(async (options: { debtors: number }) => {
    await withDatabase(loadConfig(), async (pool) => {
      const result = await seedDemo(pool, { debtors: options.debtors });
      console.log(
        result.created ? `Created "${demoWorkspaceName}".` : `"${demoWorkspaceName}" already exists; nothing changed.`,
      );
    });
  });

const user = program.command('user').description('Manage workspace members.');
user
  .command('create')
  .description('Create a member; the workspace is created if it does not exist.')
  .requiredOption('--workspace <slug>', 'workspace slug or name (created if it does not exist)')
  .requiredOption('--email <address>', 'e-mail address to sign in with')
  .requiredOption('--name <name>', 'the person’s name')
  .addOption(new Option('--role <role>', 'role').choices(Role.options).default('admin'))
  .option('--password <password>', 'password (at least 10 characters); generated and printed when omitted')
  .action(async (options: { workspace: string; email: string; name: string; role: Role; password?: string }) => {
    const generated = options.password === undefined;
    const input = CreateUserInput.safeParse({
      email: options.email,
      name: options.name,
      role: options.role,
      password: options.password ?? randomBytes(12).toString('base64url'),
    });
    if (!input.success) {
      const issue = input.error.issues[0];
      throw new InvalidArgumentError(`--${String(issue?.path[0])}: ${issue?.message}`);
    }
    await withDatabase(loadConfig(), async (pool) => {
      let workspace = await findWorkspace(pool, options.workspace);
      if (!workspace) {
        workspace = await createWorkspace(pool, options.workspace);
        console.log(`Created workspace "${options.workspace}".`);
      }
      const member = await createMember(pool, workspace.id, input.data);
      console.log(`Created ${member.role} ${member.email}${generated ? ` with password ${input.data.password}` : ''}.`);
    });
  });

function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return parsed;
}

registerFlowsCommand(program);
registerImportCommand(program);
registerApiKeyCommand(program);
registerConnectorCommand(program);

const wantsJson = process.argv.includes('--json');
try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommandFailure) {
    if (wantsJson)
      process.stdout.write(`${JSON.stringify({ ok: false, message: error.message, ...error.json }, null, 2)}\n`);
    else console.error(error.message);
  } else if (error instanceof DomainError && wantsJson) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: error.code.toLowerCase(), message: error.message, ...(error.details.problems ? { problems: error.details.problems } : {}) }, null, 2)}\n`,
    );
  } else if (error instanceof DomainError && error.details.problems) {
    console.error([error.message.split('. ')[0]!.concat('.'), ...describeProblems(error.details.problems)].join('\n'));
  } else if (error instanceof ConfigError || error instanceof DomainError || error instanceof InvalidArgumentError) {
    console.error(error.message);
  } else {
    console.error(`collectflow: ${(error as Error).message}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(error);
  }
  process.exit(1);
}
