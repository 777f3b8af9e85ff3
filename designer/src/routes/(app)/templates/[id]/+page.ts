import { type Brand, type ConnectorConfigSummary, roleGroups, type TemplateDetail } from '@collectflow/shared';
import { error } from '@sveltejs/kit';
import { errorMessage } from '$lib/api/error-message.ts';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, parent }) => {
  const { user } = await parent();
  try {
    const [template, brands, connectors] = await Promise.all([
      trpc.templates.get.query({ templateId: params.id }),
      trpc.brands.list.query(),
      trpc.connectors.list.query(),
    ]);
    const brand = (brands as Brand[]).find((candidate) => candidate.id === template.brandId);
    if (!brand) error(404, 'The brand of this template is missing.');
    return {
      template: template as TemplateDetail,
      brand,
      connectors: connectors as ConnectorConfigSummary[],
      canEdit: (roleGroups.templateEditors as readonly string[]).includes(user.role),
    };
  } catch (caught) {
    if ((caught as { status?: number }).status === 404) throw caught;
    error(404, errorMessage(caught));
  }
};
