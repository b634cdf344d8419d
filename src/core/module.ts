import type { FastifyPluginAsync } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db.js';
import type { Lang } from './i18n.js';
import type { EventHandler } from './outbox.js';

/** A background loop a module runs next to the outbox dispatcher (started after it, stopped before the database closes). */
export interface Worker {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What a module contributes to the application; the composition root (src/server.ts) lists them. */
export interface SerenoModule {
  name: string;
  /** A Fastify plugin with the module's routes, registered under `/api`. */
  routes?: FastifyPluginAsync;
  /** Outbox handlers (idempotent). */
  handlers?: (database: Database) => EventHandler[];
  /** Background workers (e.g. webhook delivery); each must be safe to run in several processes at once. */
  workers?: (database: Database, config?: Config) => Worker[];
  /** Error and UI messages, Spanish and English. */
  messages?: Record<Lang, Record<string, string>>;
  /** Reference data loaded on every start (idempotent). */
  seed?: (database: Database) => Promise<void>;
  /** Synthetic demo data, loaded once when the demo is on. */
  demo?: (database: Database, opts: { seed: number; now: Date; password: string }) => Promise<{ summary: string }>;
}
