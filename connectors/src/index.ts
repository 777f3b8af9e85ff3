/**
 * @collectflow/connectors — connector plugins, one folder per connector under `src/<id>/`, each
 * with its wire-protocol test double. The channel, source and payment connectors arrive with
 * their issues; see docs/connectors.md once they do.
 */
export const connectors = [] as const;
