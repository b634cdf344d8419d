import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { CoreTables } from './db-types.js';

/** An event as handlers see it. */
export interface OutboxEvent<P = Record<string, unknown>> {
  id: number;
  type: string;
  entidad: string | null;
  aggregate_type: string;
  aggregate_id: string;
  payload: P;
  created_at: Date;
  attempts: number;
}

export interface NewEvent {
  type: string;
  entidad?: string | null;
  aggregateType: string;
  aggregateId: string | number;
  payload: Record<string, unknown>;
}

/** Writes events in the caller's transaction: they exist exactly when the change they announce commits. One statement. */
export async function emitEvents(trx: Transaction<CoreTables> | Kysely<CoreTables>, events: NewEvent | NewEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  // The NOTIFY is delivered by PostgreSQL at commit (never for a rolled-back write), to every listening process.
  await sql`WITH e AS (${trx.insertInto('outbox').values(list.map(eventRow)).returning('id')}) SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM e LIMIT 1) x`.execute(trx);
}

/** An event as an outbox row. */
export const eventRow = (e: NewEvent) => ({
  type: e.type, entidad: e.entidad ?? null, aggregate_type: e.aggregateType, aggregate_id: String(e.aggregateId), payload: JSON.stringify(e.payload),
});

export const OUTBOX_CHANNEL = 'sereno_outbox';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A named, idempotent handler for some event types (a handler may run more than once for the same event). */
export interface EventHandler {
  name: string;
  types: string[] | '*';
  handle(event: OutboxEvent, db: Kysely<CoreTables>): Promise<void>;
}

/**
 * Delivers outbox events to handlers at least once. Each (event, handler) delivery is recorded, so a handler
 * that failed is retried with back-off while the others are not run again; an event is done when all are.
 */
export class OutboxDispatcher {
  private handlers: EventHandler[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): a pass in progress leaves the rest of its backlog (still due) to the next start. */
  private stopping = false;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Kysely<CoreTables>, private readonly log?: Logger, private readonly pollMs = 500, private readonly batch = 200,
    private readonly listen?: (channel: string, cb: () => void) => Promise<() => Promise<void>>) {}

  register(handler: EventHandler): void {
    if (this.handlers.some((h) => h.name === handler.name)) throw new Error(`handler ${handler.name} already registered`);
    this.handlers.push(handler);
  }

  /** Starts polling and, when the database can notify, waking at each commit that wrote events. */
  async start(): Promise<void> {
    this.stopped = false;
    this.stopping = false;
    if (this.listen) this.unlisten = await this.listen(OUTBOX_CHANNEL, () => this.trigger());
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => { this.trigger(); loop(); }, this.pollMs);
      this.timer.unref();
    };
    loop();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    await this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a pass now (or right after the current one). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) { this.again = false; this.trigger(); }
    });
  }

  /** Processes every due event until none is left; returns how many events were completed. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n.completed;
      if (n.fetched < this.batch || this.stopping) return total;
    }
  }

  private async runOnce(): Promise<{ fetched: number; completed: number }> {
    const events = await this.db.selectFrom('outbox').selectAll()
      .where('processed_at', 'is', null).where(sql<boolean>`next_attempt_at <= now()`)
      .orderBy('id').limit(this.batch).execute();
    if (events.length === 0) return { fetched: 0, completed: 0 };
    const delivered = await this.db.selectFrom('outbox_deliveries').select(['event_id', 'handler'])
      .where('event_id', 'in', events.map((e) => e.id)).execute();
    const done = new Set(delivered.map((d) => `${d.event_id}:${d.handler}`));
    let completed = 0;
    for (const row of events) {
      // PGlite runs queries on this thread and settles them as microtasks: without a turn of the event loop between
      // events, a long backlog (the demo data's, at first start) would keep HTTP requests waiting until it drained.
      await yieldToEventLoop();
      if (this.stopping) break;
      const event = row as unknown as OutboxEvent;
      let failed: string | null = null;
      for (const h of this.handlers) {
        if (h.types !== '*' && !h.types.includes(event.type)) continue;
        if (done.has(`${event.id}:${h.name}`)) continue;
        try {
          await h.handle(event, this.db);
          await this.db.insertInto('outbox_deliveries').values({ event_id: event.id, handler: h.name }).onConflict((oc) => oc.doNothing()).execute();
        } catch (err) {
          failed = `${h.name}: ${(err as Error).message}`;
          this.log?.warn({ err, event_id: event.id, handler: h.name }, 'outbox handler failed');
        }
      }
      if (failed) {
        const backoffSeconds = Math.min(3600, 2 ** Math.min(row.attempts, 12));
        await this.db.updateTable('outbox').set({
          attempts: sql`attempts + 1`, last_error: failed,
          next_attempt_at: sql`now() + make_interval(secs => ${backoffSeconds})`,
        }).where('id', '=', event.id).execute();
      } else {
        await this.db.updateTable('outbox').set({ processed_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', '=', event.id).execute();
        completed++;
      }
    }
    return { fetched: events.length, completed };
  }
}
