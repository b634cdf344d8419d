import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Every environment variable Sereno reads, with its default. `.env.example` documents the same list. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'debe empezar con postgres:// o postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SERENO_ADMIN_PASSWORD: z.string().min(12, 'al menos 12 caracteres').optional(),
  SERENO_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: bool.default(false),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  TRUST_PROXY: bool.default(false),
  // Whether this process runs the outbox dispatcher. Exactly one process per database should: with PostgreSQL, API
  // processes can run with it off (OUTBOX_DISPATCHER=0) beside one `sereno worker`.
  OUTBOX_DISPATCHER: bool.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_COALESCE_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  PLATE_READS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  PLATE_MATCH_MAX_DISTANCE: z.coerce.number().int().min(0).max(2).default(0),
  // Bulk files at least this large (the upload's Content-Length) are read and checked in a worker thread.
  IMPORT_WORKER_MIN_BYTES: z.coerce.number().int().min(0).default(4_194_304),
  // A bulk import with no batch committed for this long is marked failed (its server stopped, or its upload hung).
  IMPORT_STALE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
});

export type Config = z.infer<typeof EnvSchema> & { dataDir: string };

/** Parses the environment once at start-up; throws listing every problem, never keys behaviour on NODE_ENV. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof z.input<typeof EnvSchema>, unknown>> = {}): Config {
  const merged = { ...env, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])) };
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuración inválida:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
