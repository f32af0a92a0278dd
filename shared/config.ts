import { Cron } from 'croner';
import { z } from 'zod';

/**
 * Every setting the app reads, in one schema, parsed once per process.
 * A bad value fails fast with the variable's name (never its value: it may be a secret).
 */
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const csvGuids = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((list) => list.every((t) => guid.test(t)), 'must be a comma-separated list of tenant GUIDs');

export const DEFAULT_SYNC_SCHEDULE = '0 */30 * * * *';

/** The sync-cycle work queue's name when SYNC_CYCLE_QUEUE_NAME is not set. */
export const DEFAULT_SYNC_CYCLE_QUEUE = 'sync-cycles';

/**
 * A Storage queue name (3-63 lower-case letters, digits and single hyphens, starting and ending
 * with a letter or digit), short enough that the host's `<name>-poison` is one too.
 */
const QUEUE_NAME = /^(?=.{3,56}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** The Functions host's timer format: six fields, seconds first (croner reads the same). */
function isNcrontab(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 6) return false;
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** Each setting's schema, by variable: the app's config and registration's settings parse with these. */
const settings = {
  AUTH_MODE: z.enum(['entra', 'dev']),
  /** The `aud` tokens must carry: the API's application ID URI or client id. */
  AUTH_AUDIENCE: z.string().min(1).default('api://entra-sync-remediation'),
  /** entra mode: the tenants allowed in. */
  AUTH_ALLOWED_TENANTS: csvGuids.optional(),
  /** dev mode: where the local signing key lives (created on first use, never committed). */
  DEV_KEY_DIR: z.string().min(1).default('.dev-keys'),
  /** Azurite or a storage account by connection string (local only)... */
  STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  /** ...or, in Azure, the account's table endpoint reached with the managed identity. */
  STORAGE_TABLE_URL: z.url({ protocol: /^https$/ }).optional(),
  /**
   * The work queue's connection (shared/queue/cycleQueue.ts), read by the Functions host for the queue
   * trigger as well as by the app that sends: a connection string (Azurite locally)...
   */
  STORAGE_QUEUE: z.string().min(1).optional(),
  /** ...or, in Azure, the account's queue endpoint reached with the managed identity (the host's identity-based form). */
  STORAGE_QUEUE__queueServiceUri: z.url({ protocol: /^https$/ }).optional(),
  /**
   * The sync-cycle work queue: the worker's trigger names it `%SYNC_CYCLE_QUEUE_NAME%` (an app
   * setting the host resolves) and the sender reads it here, so both reach one queue; several
   * deployments or test services sharing an account each take their own.
   */
  SYNC_CYCLE_QUEUE_NAME: z
    .string()
    .regex(
      QUEUE_NAME,
      '3-56 lower-case letters, digits and single hyphens, starting and ending with a letter or digit',
    )
    .default(DEFAULT_SYNC_CYCLE_QUEUE),
  /** Table name prefix, so several deployments or test runs can share an account. */
  TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,30}$/, 'letters and digits, starting with a letter')
    .default('dar'),
  SYNC_CYCLE_SCHEDULE: z
    .string()
    .min(1)
    .refine(isNcrontab, 'must be a six-field NCRONTAB expression, seconds first, e.g. 0 */30 * * * *')
    .default(DEFAULT_SYNC_SCHEDULE),
  /** How long a sync cycle lease lives before another run may take it over (a crashed holder). */
  SYNC_LEASE_SECONDS: z.coerce.number().int().min(15).max(3600).default(60),
  /** Directory partitions a tenant gets when it is created (shared/store/tenantLayout.ts); fixed for its life. */
  TENANT_DIRECTORY_PARTITIONS: z.coerce.number().int().min(1).max(256).default(32),
  /** Cost units a tenant may spend per minute before 429 (a point read costs 1; shared/http/requestCost.ts). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  /** Requests of one tenant in flight at once (per instance) before 429. */
  CONCURRENT_REQUESTS_PER_TENANT: z.coerce.number().int().min(1).max(10_000).default(16),
  /** Of those, exports, history scans and sync cycles (per instance) before 429. */
  CONCURRENT_HEAVY_REQUESTS_PER_TENANT: z.coerce.number().int().min(1).max(10_000).default(1),
  /** Set by App Service / Functions in Azure; dev auth refuses to run there. */
  WEBSITE_INSTANCE_ID: z.string().optional(),
  WEBSITE_SITE_NAME: z.string().optional(),
};

const envSchema = z.object(settings).superRefine((env, ctx) => {
  if (!env.STORAGE_CONNECTION_STRING && !env.STORAGE_TABLE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE_CONNECTION_STRING'],
      message: 'set STORAGE_CONNECTION_STRING (local) or STORAGE_TABLE_URL (Azure, managed identity)',
    });
  }
  if (env.AUTH_MODE === 'dev' && (env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME)) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_MODE'],
      message: 'AUTH_MODE=dev is refused when the app runs in Azure (WEBSITE_INSTANCE_ID is set)',
    });
  }
  if (
    (env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME) &&
    env.STORAGE_CONNECTION_STRING &&
    /AccountKey=|SharedAccessSignature=/i.test(env.STORAGE_CONNECTION_STRING)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE_CONNECTION_STRING'],
      message: 'in Azure, reach storage with the managed identity (STORAGE_TABLE_URL), not a key',
    });
  }
  if (
    (env.WEBSITE_INSTANCE_ID || env.WEBSITE_SITE_NAME) &&
    env.STORAGE_QUEUE &&
    /AccountKey=|SharedAccessSignature=/i.test(env.STORAGE_QUEUE)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['STORAGE_QUEUE'],
      message:
        'in Azure, reach the queue with the managed identity (STORAGE_QUEUE__queueServiceUri), not a key',
    });
  }
  if (env.AUTH_MODE === 'entra' && !env.AUTH_ALLOWED_TENANTS?.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_ALLOWED_TENANTS'],
      message: 'AUTH_MODE=entra needs at least one allowed tenant id',
    });
  }
});

export type AppConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming each bad variable and why. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(environment)',
    message: issue.message,
  }));
  return fail(problems);
}

function fail(problems: { variable: string; message: string }[]): never {
  throw new ConfigError(
    problems.map((p) => p.variable),
    `Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`,
  );
}

/** What the function files read when the app loads: which routes exist, the timer's schedule, the worker's queue. */
export interface RegistrationConfig {
  /** AUTH_MODE=dev: POST dev/token is registered and documented; otherwise it does not exist. */
  devMode: boolean;
  /** The timer's NCRONTAB schedule. */
  syncCycleSchedule: string;
  /**
   * The worker's `queueName`: the binding expression `%SYNC_CYCLE_QUEUE_NAME%` when the setting is
   * given (the host resolves it from the app setting the sender reads too), else the default queue.
   */
  syncCycleQueueName: string;
}

/**
 * The settings registration needs, parsed with the same schema pieces as the app's config but
 * without requiring the rest of it, and never throwing: a bad value must not keep the app (health,
 * the OpenAPI document) from loading. parseConfig names it on the first request or timer run; an
 * unparsable schedule is handed to the host as given, which reports it where it registers the timer,
 * and a bad queue name reaches the host through the expression, which reports it where it listens.
 */
export function registrationConfig(env: NodeJS.ProcessEnv): RegistrationConfig {
  const authMode = settings.AUTH_MODE.safeParse(env.AUTH_MODE);
  const given = env.SYNC_CYCLE_SCHEDULE?.trim() || undefined;
  const schedule = settings.SYNC_CYCLE_SCHEDULE.safeParse(given);
  return {
    devMode: authMode.success && authMode.data === 'dev',
    syncCycleSchedule: schedule.success ? schedule.data : (given ?? DEFAULT_SYNC_SCHEDULE),
    syncCycleQueueName: env.SYNC_CYCLE_QUEUE_NAME ? '%SYNC_CYCLE_QUEUE_NAME%' : DEFAULT_SYNC_CYCLE_QUEUE,
  };
}

/** The timer's NCRONTAB schedule, read at registration time without requiring the rest of the config. */
export function syncCycleSchedule(env: NodeJS.ProcessEnv): string {
  return registrationConfig(env).syncCycleSchedule;
}
