/**
 * The address a provider calls back for one workspace's connector:
 * `<public url>/hooks/connectors/<workspace id>/<connector key>`. The connector authenticates
 * every call (signatures); the address only routes it.
 */
export const connectorCallbackPath = '/hooks/connectors/:workspaceId/:key';

export function connectorCallbackUrl(publicUrl: string, workspaceId: string, key: string): string {
  return `${publicUrl.replace(/\/$/, '')}/hooks/connectors/${workspaceId}/${encodeURIComponent(key)}`;
}
