/**
 * `collectflow flows …`: list, import, export, validate and publish flows — for IT, and for
 * keeping flows in version control. Export prints the JSON that import reads.
 */
import { writeFile } from 'node:fs/promises';
import { FlowDraft, issueMessage, toFlowDefinition } from '@collectflow/shared';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { connectorKeysOf } from '../../connectors/connector-configs.ts';
import type { Pool } from '../../db/pool.ts';
import { createFlow, getFlow, getFlowVersion, listFlows } from '../../flows/flow-queries.ts';
import { publishFlow } from '../../flows/publish-flow.ts';
import { publishedTemplateKeys } from '../../templates/template-queries.ts';
import { CommandFailure, describeProblems, print } from '../output.ts';
import { readJsonFile } from '../read-json-file.ts';
import { resolveWorkspace, workspaceOfFlow } from '../resolve-workspace.ts';
import { withDatabase } from '../with-database.ts';

interface JsonOption {
  json: boolean;
}

/** Parses a file as a flow draft, or fails naming every problem of its shape. */
async function readDraft(file: string): Promise<FlowDraft> {
  const parsed = FlowDraft.safeParse(await readJsonFile(file));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    code: 'invalid_flow' as const,
    message: issueMessage(issue),
    nodeId: null,
    edgeId: null,
    field: issue.path.map(String).join('.') || null,
  }));
  throw new CommandFailure(`${file} is not a flow:\n${describeProblems(problems).join('\n')}`, {
    error: 'invalid_flow',
    problems,
  });
}

function parseVersion(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) throw new InvalidArgumentError('must be a version number (1, 2, …)');
  return version;
}

export function registerFlowsCommand(program: Command): void {
  const flows = program.command('flows').description('List, import, export, validate and publish flows.');

  flows
    .command('list')
    .description('List the flows of a workspace.')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--archived', 'include archived flows', false)
    .option('--json', 'print JSON', false)
    .action(async (options: JsonOption & { workspace: string; archived: boolean }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const list = await listFlows(pool, workspace.id, { includeArchived: options.archived });
        print(
          options,
          list.length === 0
            ? `${workspace.name} has no flows yet.`
            : list.map(
                (flow) =>
                  `${flow.id}  ${flow.name}  (${flow.status}${flow.currentVersion ? `, v${flow.currentVersion}` : ''}, ${flow.activeCases} cases in it)`,
              ),
          { workspace: workspace.slug, flows: list },
        );
      });
    });

  flows
    .command('validate <file>')
    .description(
      'Check a flow JSON file; prints every problem with its node and field. With --workspace, also that its connectors and templates exist there.',
    )
    .option('--workspace <slug>', 'also check connectors and published templates of this workspace')
    .option('--json', 'print JSON', false)
    .action(async (file: string, options: JsonOption & { workspace?: string }) => {
      const draft = await readDraft(file);
      const result = options.workspace
        ? await withDatabase(loadConfig(), async (pool) =>
            toFlowDefinition(draft, await workspaceChecks(pool, (await resolveWorkspace(pool, options.workspace!)).id)),
          )
        : toFlowDefinition(draft);
      if (!result.ok) {
        throw new CommandFailure(
          `${file} has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n${describeProblems(result.problems).join('\n')}`,
          { ok: false, problems: result.problems },
        );
      }
      print(options, `${file} is a valid flow: ${result.definition.graph.nodes.length} steps.`, {
        ok: true,
        problems: [],
      });
    });

  flows
    .command('import <file>')
    .description('Create a flow from a JSON file (as exported), and publish it with --publish.')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--publish', 'publish it at once (refused, and nothing created, if the flow has problems)', false)
    .option('--note <text>', 'version note when publishing', 'Imported')
    .option('--json', 'print JSON', false)
    .action(async (file: string, options: JsonOption & { workspace: string; publish: boolean; note: string }) => {
      const draft = await readDraft(file);
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const checked = toFlowDefinition(draft, await workspaceChecks(pool, workspace.id));
        if (options.publish && !checked.ok) {
          throw new CommandFailure(
            `Not imported: ${file} cannot be published, ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}:\n${describeProblems(checked.problems).join('\n')}`,
            { error: 'invalid_flow', problems: checked.problems },
          );
        }
        const flow = await createFlow(pool, workspace.id, { name: draft.name || 'Imported flow', draft, userId: null });
        const version = options.publish
          ? await publishFlow(pool, workspace.id, flow.id, { note: options.note, userId: null })
          : null;
        const problems = checked.ok ? [] : checked.problems;
        print(
          options,
          [
            `Imported “${flow.name}” as ${flow.id}${version ? `, published as version ${version.version}` : ' (draft)'}.`,
            ...(problems.length ? ['It cannot be published yet:', ...describeProblems(problems)] : []),
          ],
          { flowId: flow.id, name: flow.name, version: version?.version ?? null, problems },
        );
      });
    });

  flows
    .command('export <flowId>')
    .description('Print a flow’s draft (or a published version) as JSON, ready for import.')
    .option('--version <n>', 'a published version instead of the draft', parseVersion)
    .option('--out <file>', 'write to a file instead of printing')
    .action(async (flowId: string, options: { version?: number; out?: string }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspaceId = await workspaceOfFlow(pool, flowId);
        const document = options.version
          ? (await getFlowVersion(pool, workspaceId, flowId, options.version)).graph
          : (await getFlow(pool, workspaceId, flowId)).draft;
        const text = `${JSON.stringify(document, null, 2)}\n`;
        if (options.out) await writeFile(options.out, text);
        else process.stdout.write(text);
      });
    });

  flows
    .command('publish <flowId>')
    .description('Publish a flow’s draft as its next version.')
    .option('--note <text>', 'what changed', '')
    .option('--json', 'print JSON', false)
    .action(async (flowId: string, options: JsonOption & { note: string }) => {
      await withDatabase(loadConfig(), async (pool) => {
        const workspaceId = await workspaceOfFlow(pool, flowId);
        const version = await publishFlow(pool, workspaceId, flowId, { note: options.note, userId: null });
        print(options, `Published version ${version.version}.`, { flowId, ...version });
      });
    });
}

/** What a workspace has that flows refer to: its connectors and published templates. */
async function workspaceChecks(pool: Pool, workspaceId: string) {
  return {
    connectors: await connectorKeysOf(pool, workspaceId),
    templates: await publishedTemplateKeys(pool, workspaceId),
  };
}
