/**
 * Connectors for the designer: everyone sees which are configured (flows pick them), with no
 * secret ever leaving the server; administrators configure and test them.
 */

import { builtInConnectors } from '@collectflow/connectors';
import { ConnectorKey, roleGroups, SaveConnectorConfigInput, SendConnectorTestInput } from '@collectflow/shared';
import { z } from 'zod';
import { connectorCallbackUrl } from '../../../connectors/connector-callback-url.ts';
import { listConnectorConfigs, saveConnectorConfig } from '../../../connectors/connector-configs.ts';
import { sendConnectorTest } from '../../../connectors/send-connector-test.ts';
import { authedProcedure, router } from '../trpc.ts';

export const connectorsRouter = router({
  /** The configured connectors of the workspace, secrets replaced by which ones are set. */
  list: authedProcedure(roleGroups.everyone).query(({ ctx }) =>
    listConnectorConfigs(ctx.pool, ctx.workspaceId, (key) => connectorCallbackUrl(ctx.publicUrl, ctx.workspaceId, key)),
  ),
  /** The connector plugins that can be configured. */
  types: authedProcedure(roleGroups.everyone).query(() =>
    Object.values(builtInConnectors).map((definition) => ({
      id: definition.id,
      kind: definition.kind,
      channel: definition.kind === 'channel' ? definition.channel : null,
      label: definition.label,
      description: definition.description,
      secretFields: [...definition.secretFields],
      /** JSON Schema of the settings (from the plugin's zod schema): the designer's form. */
      settingsSchema: z.toJSONSchema(definition.settings, { io: 'input' }) as Record<string, unknown>,
    })),
  ),
  save: authedProcedure(roleGroups.admins)
    .input(SaveConnectorConfigInput)
    .mutation(({ ctx, input }) =>
      saveConnectorConfig(ctx.pool, ctx.secretKey, ctx.workspaceId, input, ctx.session.userId),
    ),
  test: authedProcedure(roleGroups.admins)
    .input(z.object({ key: ConnectorKey }))
    .mutation(({ ctx, input }) => ctx.workspaceConnectors.testConnection(ctx.workspaceId, input.key)),
  /** A short fixed message through the connector to an address or number of the admin's choosing. */
  sendTest: authedProcedure(roleGroups.admins)
    .input(SendConnectorTestInput)
    .mutation(({ ctx, input }) => sendConnectorTest(ctx.pool, ctx.workspaceConnectors, ctx.workspaceId, input)),
});
