import {
  type ConnectorConfigSummary,
  type FlowDetail,
  type FlowVersionDetail,
  roleGroups,
  type TemplateSummary,
} from '@collectflow/shared';
import { error } from '@sveltejs/kit';
import { errorMessage } from '$lib/api/error-message.ts';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

/** The flow's draft, or with `?version=N` that published version (read-only). */
export const load: PageLoad = async ({ params, url, parent }) => {
  const { user } = await parent();
  const versionParam = url.searchParams.get('version');
  const version = versionParam === null ? null : Number(versionParam);
  try {
    const flow = await trpc.flows.get.query({ flowId: params.id });
    // The version asked for, and the live one (the editor tells whether the draft differs from it).
    const [viewed, live, templates, connectors] = await Promise.all([
      version === null ? null : trpc.flows.version.query({ flowId: params.id, version }),
      flow.currentVersion === null
        ? null
        : trpc.flows.version.query({ flowId: params.id, version: flow.currentVersion }),
      trpc.templates.list.query(),
      trpc.connectors.list.query(),
    ]);
    // tRPC's JSON typing makes `unknown` fields optional; the schemas say what arrives.
    return {
      flow: flow as FlowDetail,
      version: viewed as FlowVersionDetail | null,
      published: live as FlowVersionDetail | null,
      templates: templates as TemplateSummary[],
      connectors: connectors as ConnectorConfigSummary[],
      canEdit: (roleGroups.flowEditors as readonly string[]).includes(user.role),
    };
  } catch (caught) {
    error(404, errorMessage(caught));
  }
};
