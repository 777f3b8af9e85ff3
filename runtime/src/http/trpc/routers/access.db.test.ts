/**
 * Who may call what. Every procedure of the app router must appear in `access` below, so a new
 * procedure cannot ship without its roles being decided and tested here.
 */
import { type FlowDraftInput, Role, type TemplateContent } from '@collectflow/shared';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../api-keys/api-key-queries.ts';
import { useTestDatabase } from '../../../db/testing/use-test-database.ts';
import { createFlow } from '../../../flows/flow-queries.ts';
import { publishFlow } from '../../../flows/publish-flow.ts';
import { createTemplate, publishTemplate } from '../../../templates/template-queries.ts';
import { callerFor, createTestWorkspace } from '../testing/callers.ts';
import { appRouter } from './app-router.ts';

type Caller = ReturnType<typeof callerFor>;
type Access = { roles: readonly Role[] | 'public'; call: (caller: Caller, ids: Ids) => Promise<unknown> };
interface Ids {
  brandId: string;
  templateId: string;
  viewerId: string;
  flowId: string;
  apiKeyId: string;
}

const everyone = Role.options;
const flowEditors = ['admin', 'designer'] as const;
const templateEditors = ['admin', 'designer', 'marketing'] as const;
const caseWorkers = ['admin', 'agent'] as const;
const smsContent: TemplateContent = {
  channel: 'sms',
  fallbackLanguage: 'en',
  variants: [{ language: 'en', text: 'Pay {{ totals.due }}: {{ paylink.url }}' }],
};
const simpleDraft: FlowDraftInput = {
  schemaVersion: 1,
  name: 'Access flow',
  nodes: [
    { id: 'start', type: 'entry', data: {} },
    { id: 'end', type: 'exit', data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'end' }],
};

const noSuchId = '00000000-0000-4000-8000-000000000000';
const accessMapping = {
  columns: {
    'debtor.externalId': 'Customer',
    'invoice.externalId': 'Invoice',
    'invoice.amount': 'Amount',
    'invoice.dueDate': 'Due',
  },
};

const access: Record<string, Access> = {
  'auth.signIn': {
    roles: 'public',
    call: (caller) => caller.auth.signIn({ email: 'x@y.example', password: 'z' }),
  },
  'auth.me': { roles: 'public', call: (caller) => caller.auth.me() },
  'auth.signOut': { roles: Role.options, call: (caller) => caller.auth.signOut() },
  'members.list': { roles: ['admin'], call: (caller) => caller.members.list() },
  'members.create': {
    roles: ['admin'],
    call: (caller) =>
      caller.members.create({
        email: `new-${Math.random().toString(36).slice(2)}@access.example`,
        name: 'New Member',
        role: 'viewer',
        password: 'long enough password',
      }),
  },
  'members.setRole': {
    roles: ['admin'],
    call: (caller, ids) => caller.members.setRole({ userId: ids.viewerId, role: 'viewer' }),
  },
  'members.setDisabled': {
    roles: ['admin'],
    call: (caller, ids) => caller.members.setDisabled({ userId: ids.viewerId, disabled: false }),
  },
  'workspace.overview': { roles: Role.options, call: (caller) => caller.workspace.overview() },
  'brands.list': { roles: Role.options, call: (caller) => caller.brands.list() },
  'brands.update': {
    roles: ['admin', 'designer', 'marketing'],
    call: (caller, ids) => caller.brands.update({ id: ids.brandId, legalFooter: 'Updated footer' }),
  },
  'flows.list': { roles: everyone, call: (caller) => caller.flows.list() },
  'flows.get': { roles: everyone, call: (caller, ids) => caller.flows.get({ flowId: ids.flowId }) },
  'flows.version': { roles: everyone, call: (caller, ids) => caller.flows.version({ flowId: ids.flowId, version: 1 }) },
  'flows.validate': { roles: everyone, call: (caller) => caller.flows.validate({ draft: simpleDraft }) },
  'flows.dryRun': {
    roles: everyone,
    call: (caller) => caller.flows.dryRun({ draft: simpleDraft, caseId: '00000000-0000-4000-8000-000000000000' }),
  },
  'flows.duplicate': { roles: flowEditors, call: (caller, ids) => caller.flows.duplicate({ flowId: ids.flowId }) },
  'flows.rename': {
    roles: flowEditors,
    call: (caller, ids) => caller.flows.rename({ flowId: ids.flowId, name: 'Access flow' }),
  },
  'flows.restoreVersion': {
    roles: flowEditors,
    call: (caller, ids) => caller.flows.restoreVersion({ flowId: ids.flowId, version: 1 }),
  },
  'analytics.dashboard': {
    roles: everyone,
    call: (caller) => caller.analytics.dashboard({ from: '2026-01-01', to: '2026-01-31', flowId: null, brandId: null }),
  },
  'analytics.funnel': {
    roles: everyone,
    call: (caller, ids) =>
      caller.analytics.funnel({ flowId: ids.flowId, version: 1, from: '2026-01-01', to: '2026-01-31' }),
  },
  'analytics.abResults': {
    roles: everyone,
    call: (caller, ids) => caller.analytics.abResults({ flowId: ids.flowId, from: '2026-01-01', to: '2026-01-31' }),
  },
  'analytics.promoteWinner': {
    roles: flowEditors,
    call: (caller, ids) => caller.analytics.promoteWinner({ flowId: ids.flowId, nodeId: 'no-split', variant: 'a' }),
  },
  'ml.overview': { roles: everyone, call: (caller) => caller.ml.overview() },
  'ml.setMode': {
    roles: flowEditors,
    call: (caller, ids) => caller.ml.setMode({ flowId: ids.flowId, nodeId: 'no-best-channel', mode: 'fixed' }),
  },
  'cases.choices': { roles: everyone, call: (caller) => caller.cases.choices({ search: 'x' }) },
  'cases.search': { roles: everyone, call: (caller) => caller.cases.search({ search: 'x' }) },
  'cases.show': { roles: everyone, call: (caller) => caller.cases.show({ caseId: noSuchId }) },
  'cases.timeline': { roles: everyone, call: (caller) => caller.cases.timeline({ caseId: noSuchId }) },
  'cases.timelineLive': {
    roles: everyone,
    call: (caller) => caller.cases.timelineLive({ caseId: noSuchId, sinceId: 0 }),
  },
  'cases.pause': { roles: caseWorkers, call: (caller) => caller.cases.pause({ caseId: noSuchId, reason: 'x' }) },
  'cases.resume': { roles: caseWorkers, call: (caller) => caller.cases.resume({ caseId: noSuchId, reason: 'x' }) },
  'cases.markPaid': {
    roles: caseWorkers,
    call: (caller) => caller.cases.markPaid({ caseId: noSuchId, amountMinor: 100, reason: 'x' }),
  },
  'cases.recordDispute': {
    roles: caseWorkers,
    call: (caller) => caller.cases.recordDispute({ caseId: noSuchId, kind: 'other', reason: 'x' }),
  },
  'cases.changePreferredChannel': {
    roles: caseWorkers,
    call: (caller) => caller.cases.changePreferredChannel({ caseId: noSuchId, preferredChannel: 'sms', reason: 'x' }),
  },
  'cases.updateContact': {
    roles: caseWorkers,
    call: (caller) =>
      caller.cases.updateContact({
        caseId: noSuchId,
        email: null,
        phone: null,
        addressLine1: null,
        addressLine2: null,
        postalCode: null,
        city: null,
        countryCode: null,
        reason: 'x',
      }),
  },
  'cases.sendMessage': {
    roles: caseWorkers,
    call: (caller) => caller.cases.sendMessage({ caseId: noSuchId, template: 'x', reason: 'x' }),
  },
  'cases.moveToFlow': {
    roles: caseWorkers,
    call: (caller) => caller.cases.moveToFlow({ caseId: noSuchId, flowId: noSuchId, reason: 'x' }),
  },
  'flows.create': { roles: flowEditors, call: (caller) => caller.flows.create({ name: 'Created in the access test' }) },
  'flows.saveDraft': {
    roles: flowEditors,
    call: (caller, ids) => caller.flows.saveDraft({ flowId: ids.flowId, draft: simpleDraft }),
  },
  'flows.publish': {
    roles: flowEditors,
    call: (caller, ids) => caller.flows.publish({ flowId: ids.flowId, note: 'access' }),
  },
  'flows.pause': { roles: flowEditors, call: (caller, ids) => caller.flows.pause({ flowId: ids.flowId }) },
  'flows.resume': { roles: flowEditors, call: (caller, ids) => caller.flows.resume({ flowId: ids.flowId }) },
  'flows.archive': {
    roles: flowEditors,
    // Archiving for real would end the flow the other checks use: a flow of its own each time.
    call: async (caller) => caller.flows.archive({ flowId: (await caller.flows.create({ name: 'To archive' })).id }),
  },
  'templates.list': { roles: everyone, call: (caller) => caller.templates.list() },
  'templates.get': { roles: everyone, call: (caller, ids) => caller.templates.get({ templateId: ids.templateId }) },
  'templates.create': {
    roles: flowEditors,
    call: (caller, ids) =>
      caller.templates.create({
        key: `access-${Math.random().toString(36).slice(2, 10)}`,
        name: 'Access template',
        brandId: ids.brandId,
        content: smsContent,
      }),
  },
  'templates.saveDraft': {
    roles: templateEditors,
    call: async (caller, ids) => {
      const template = await (await workspace.signInAs('admin')).caller.templates.get({ templateId: ids.templateId });
      return caller.templates.saveDraft({
        templateId: ids.templateId,
        content: template.draft,
        baseRevision: template.draftRevision,
      });
    },
  },
  'templates.publish': {
    roles: templateEditors,
    call: (caller, ids) => caller.templates.publish({ templateId: ids.templateId, note: 'access' }),
  },
  'templates.preview': {
    roles: everyone,
    call: (caller, ids) => caller.templates.preview({ templateId: ids.templateId, language: 'en' }),
  },
  'connectors.list': { roles: everyone, call: (caller) => caller.connectors.list() },
  'connectors.types': { roles: everyone, call: (caller) => caller.connectors.types() },
  'connectors.save': {
    roles: ['admin'],
    call: (caller) =>
      caller.connectors.save({
        key: 'access-mail',
        connector: 'email-smtp',
        name: 'Access mail',
        settings: {
          host: '127.0.0.1',
          port: 2525,
          requireTls: false,
          defaultFrom: { name: 'Access', address: 'access@example.com' },
          bounceDomain: 'bounces.example.com',
        },
      }),
  },
  'connectors.test': { roles: ['admin'], call: (caller) => caller.connectors.test({ key: 'access-mail' }) },
  'connectors.sendTest': {
    roles: ['admin'],
    call: (caller) => caller.connectors.sendTest({ key: 'access-nothing', recipient: 'a@example.com' }),
  },
  'outbox.list': { roles: everyone, call: (caller) => caller.outbox.list({}) },
  'outbox.show': {
    roles: everyone,
    call: (caller) => caller.outbox.show({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'outbox.letterPdf': {
    roles: everyone,
    call: (caller) => caller.outbox.letterPdf({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'templates.sendTest': {
    roles: templateEditors,
    call: (caller, ids) =>
      caller.templates.sendTest({
        templateId: ids.templateId,
        language: 'en',
        connector: 'nope',
        recipient: 'a@example.com',
      }),
  },
  'segments.count': { roles: everyone, call: (caller) => caller.segments.count({ rule: null }) },
  'apiKeys.list': { roles: ['admin'], call: (caller) => caller.apiKeys.list() },
  'apiKeys.create': { roles: ['admin'], call: (caller) => caller.apiKeys.create({ name: 'Access key' }) },
  'apiKeys.revoke': { roles: ['admin'], call: (caller, ids) => caller.apiKeys.revoke({ id: ids.apiKeyId }) },
  'tasks.list': { roles: caseWorkers, call: (caller) => caller.tasks.list() },
  'tasks.attachment': {
    roles: caseWorkers,
    call: (caller) => caller.tasks.attachment({ disputeId: '00000000-0000-4000-8000-000000000000' }),
  },
  'tasks.completeCallBack': {
    roles: caseWorkers,
    call: (caller) => caller.tasks.completeCallBack({ taskId: noSuchId, note: 'Called, will pay Friday.' }),
  },
  'tasks.resolve': {
    roles: caseWorkers,
    call: (caller) =>
      caller.tasks.resolve({ taskId: '00000000-0000-4000-8000-000000000000', outcome: 'resume', note: 'Checked.' }),
  },
  'imports.sources': { roles: ['admin'], call: (caller) => caller.imports.sources() },
  'imports.saveSource': {
    roles: ['admin'],
    call: (caller) => caller.imports.saveSource({ key: 'access', name: 'Access', mapping: accessMapping }),
  },
  'imports.deleteSource': { roles: ['admin'], call: (caller) => caller.imports.deleteSource({ key: 'missing' }) },
  'imports.inspect': { roles: ['admin'], call: (caller) => caller.imports.inspect({ uploadId: noSuchId }) },
  'imports.start': {
    roles: ['admin'],
    call: (caller) => caller.imports.start({ uploadId: noSuchId, mapping: accessMapping }),
  },
  'imports.list': { roles: ['admin'], call: (caller) => caller.imports.list() },
  'imports.get': { roles: ['admin'], call: (caller) => caller.imports.get({ importId: noSuchId }) },
  'webhooks.list': { roles: ['admin'], call: (caller) => caller.webhooks.list() },
  'webhooks.create': {
    roles: ['admin'],
    call: (caller) => caller.webhooks.create({ url: 'https://erp.example/hooks', events: ['case.paid'] }),
  },
  'webhooks.update': { roles: ['admin'], call: (caller) => caller.webhooks.update({ id: noSuchId, active: false }) },
  'webhooks.delete': { roles: ['admin'], call: (caller) => caller.webhooks.delete({ id: noSuchId }) },
  'webhooks.rotateSecret': { roles: ['admin'], call: (caller) => caller.webhooks.rotateSecret({ id: noSuchId }) },
  'webhooks.ping': { roles: ['admin'], call: (caller) => caller.webhooks.ping({ id: noSuchId }) },
  'webhooks.deliveries': { roles: ['admin'], call: (caller) => caller.webhooks.deliveries({}) },
  'webhooks.retry': { roles: ['admin'], call: (caller) => caller.webhooks.retry({ deliveryId: noSuchId }) },
};

const db = useTestDatabase();
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let ids: Ids;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Access Test');
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into brands (workspace_id, name, colours, fonts)
     values ($1, 'Access Brand', '{"primary":"#000000","accent":"#000000","text":"#000000","background":"#ffffff"}',
             '{"heading":"Arial","body":"Arial"}') returning id`,
    [workspace.workspaceId],
  );
  const template = await createTemplate(
    db.pool,
    workspace.workspaceId,
    { key: 'access-sms', name: 'Access SMS', brandId: rows[0]!.id, content: smsContent },
    null,
  );
  await publishTemplate(db.pool, workspace.workspaceId, { templateId: template.id, note: 'v1' }, null);
  const flow = await createFlow(db.pool, workspace.workspaceId, {
    name: 'Access flow',
    draft: simpleDraft,
    userId: null,
  });
  await publishFlow(db.pool, workspace.workspaceId, flow.id, { note: 'v1', userId: null });
  const { key } = await createApiKey(db.pool, workspace.workspaceId, {
    name: 'Access',
    scopes: ['cases:read'],
    createdBy: null,
  });
  ids = {
    brandId: rows[0]!.id,
    templateId: template.id,
    viewerId: workspace.members.viewer.id,
    flowId: flow.id,
    apiKeyId: key.id,
  };
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED')) return error.code;
    return 'allowed'; // reached the procedure, which refused for its own reasons
  }
}

describe('procedure access', () => {
  it('covers every procedure of the app router', () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(access).sort());
  });

  for (const [path, rule] of Object.entries(access)) {
    if (rule.roles === 'public') continue;
    const allowed = rule.roles;
    it(`${path}: refuses anonymous callers`, async () => {
      expect(await outcome(rule.call(callerFor(db.pool), ids))).toBe('UNAUTHORIZED');
    });
    for (const role of Role.options) {
      const expected = allowed.includes(role) ? 'allowed' : 'FORBIDDEN';
      it(`${path}: ${role} is ${expected}`, async () => {
        const { caller } = await workspace.signInAs(role);
        expect(await outcome(rule.call(caller, ids))).toBe(expected);
      });
    }
  }

  it('tells a viewer in plain words why a designer-only action is refused', async () => {
    const { caller } = await workspace.signInAs('viewer');
    await expect(caller.brands.update({ id: ids.brandId, name: 'Hijacked' })).rejects.toThrow(
      'Your role (viewer) does not allow this. Ask an administrator if you need access.',
    );
    const { rows } = await db.pool.query('select name from brands where id = $1', [ids.brandId]);
    expect(rows[0].name).toBe('Access Brand');
  });
});
