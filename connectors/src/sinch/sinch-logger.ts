/**
 * The SDK's logger, pointed at the connector's log: its warnings and errors go there; its debug
 * lines (every failed request, which the outcome of the send already tells) are dropped.
 */
import type { Logger, LogMessage } from '@sinch/sdk-core';
import type { ConnectorContext } from '../sdk/define-connector.ts';

export function sinchLogger(context: ConnectorContext): Logger {
  const text = (message: LogMessage) => (typeof message === 'function' ? message() : message);
  return {
    debug: () => {},
    info: () => {},
    warn: (message) => context.log?.('warn', `Sinch SDK: ${text(message)}`),
    error: (message) => context.log?.('error', `Sinch SDK: ${text(message)}`),
  };
}
