/**
 * Runtime configuration, read once from environment variables and validated with zod. A wrong
 * value stops the process with one line naming the variable and what is wrong with it.
 */
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    message: 'use true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const postgresUrl = z
  .url({ message: 'must be a URL such as postgres://user:password@host:5432/collectflow' })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: 'must start with postgres:// or postgresql://',
  });

export const Config = z.object({
  /** PostgreSQL to use. Default: unset, which starts an embedded PostgreSQL under the data folder. */
  DATABASE_URL: postgresUrl.optional(),
  /** Folder for the embedded PostgreSQL and generated secrets. Default: `.collectflow` in the working folder. */
  COLLECTFLOW_DATA_DIR: z.string().min(1).default('.collectflow'),
  /**
   * Key for connector secrets at rest (AES-256-GCM): 32 bytes, base64. Default: unset, a key
   * generated once into the data folder (`secret.key`). Set it when several machines share a database.
   */
  COLLECTFLOW_SECRET_KEY: z
    .string()
    .transform((value) => Buffer.from(value, 'base64'))
    .refine((key) => key.length === 32, { message: 'must be 32 random bytes in base64 (e.g. openssl rand -base64 32)' })
    .optional(),
  /** Interface the HTTP server binds to. Default: `127.0.0.1` (only this machine). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** HTTP port. Default: 3000; `0` picks a free port. */
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be between 0 and 65535' })
    .max(65535, { message: 'must be between 0 and 65535' })
    .default(3000),
  /** Public base URL, used in links and to decide whether cookies need `Secure`. Default: `http://HOST:PORT`. */
  PUBLIC_URL: z.url({ message: 'must be a URL such as https://collect.example.com' }).optional(),
  /** Trust `X-Forwarded-*` headers from a reverse proxy (for client IPs and HTTPS). Default: false. */
  TRUST_PROXY: booleanFlag.default(false),
  /** Folder with the built designer to serve. Default: the designer package's `build/` folder. */
  DESIGNER_DIR: z.string().min(1).optional(),
  /** Concurrent jobs per worker process. Default: 10. */
  WORKER_CONCURRENCY: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be at least 1' })
    .max(200, { message: 'must be at most 200' })
    .default(10),
  /** How long a sign-in lasts without activity, in hours. Default: 168 (7 days). */
  SESSION_IDLE_HOURS: z.coerce
    .number({ message: 'must be a number' })
    .positive({ message: 'must be more than 0' })
    .default(168),
  /**
   * Port of the inbound SMTP endpoint that takes bounces (mail to the e-mail connectors' return
   * paths; point the bounce domain's MX here). Default: off; the demo picks a free port.
   */
  BOUNCE_SMTP_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be at least 0' })
    .max(65535, { message: 'must be at most 65535' })
    .optional(),
  /** Milliseconds the sandbox connector takes per hand-over, to imitate a provider. Default: 0. */
  SANDBOX_LATENCY_MS: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be at least 0' })
    .max(60_000, { message: 'must be at most 60000' })
    .default(0),
  /** Log level: fatal, error, warn, info, debug, trace. Default: info. */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'use one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
});
export type Config = z.infer<typeof Config> & { dataDir: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses configuration from `env`; throws a {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const present = Object.fromEntries(
    Object.keys(Config.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = Config.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const value = env[variable];
    const shown = variable === 'DATABASE_URL' || variable === 'COLLECTFLOW_SECRET_KEY' ? '' : ` (got "${value}")`;
    throw new ConfigError(`Configuration error: ${variable} ${issue?.message ?? 'is invalid'}${shown}.`);
  }
  return { ...parsed.data, dataDir: path.resolve(cwd, parsed.data.COLLECTFLOW_DATA_DIR) };
}
