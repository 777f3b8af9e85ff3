/** One structured logger (pino) for the server, the worker and the CLI. */
import { Logger as WorkerLogger } from 'graphile-worker';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config/config.ts';

export type Logger = pino.Logger;

/** JSON lines for machines; readable lines when a person watches a terminal. */
export function createLogger(level: Config['LOG_LEVEL'], readable = Boolean(process.stdout.isTTY)): Logger {
  const options = { level, base: { service: 'collectflow' } };
  if (!readable) return pino(options);
  return pino(options, pretty({ colorize: true, ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' }));
}

/** graphile-worker's logger interface, writing through `logger` with the worker's scope. */
export function toWorkerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => {
    const child = logger.child({ component: 'worker', ...scope });
    return (level, message, meta) => {
      const method = level === 'warning' ? 'warn' : level;
      child[method](meta ?? {}, message);
    };
  });
}
