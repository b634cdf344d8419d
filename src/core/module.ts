import type { FastifyPluginAsync } from 'fastify';
import type { Database } from './db.js';
import type { Lang } from './i18n.js';
import type { EventHandler } from './outbox.js';

/** What a module contributes to the application; the composition root (src/server.ts) lists them. */
export interface SerenoModule {
  name: string;
  /** A Fastify plugin with the module's routes, registered under `/api`. */
  routes?: FastifyPluginAsync;
  /** Outbox handlers (idempotent). */
  handlers?: (database: Database) => EventHandler[];
  /** Error and UI messages, Spanish and English. */
  messages?: Record<Lang, Record<string, string>>;
  /** Reference data loaded on every start (idempotent). */
  seed?: (database: Database) => Promise<void>;
  /** Synthetic demo data, loaded once when the demo is on. */
  demo?: (database: Database, opts: { seed: number; now: Date; password: string }) => Promise<{ summary: string }>;
}
