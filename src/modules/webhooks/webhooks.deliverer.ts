import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { CoreTables } from '../../core/db-types.js';
import type { Worker } from '../../core/module.js';
import { signWebhook } from './webhooks.sign.js';

/** Tuning of the delivery loop; the defaults are the production ones. */
export interface DelivererOptions {
  pollMs?: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** Wait before retry n (n = 1 after the first failure). Default 30 s × 2^(n−1), at most 6 h: 30 s, 1 min, 2 min … ≈ 1 h 4 min for the 8th. */
  backoffMs?: (attempt: number) => number;
  timeoutMs?: number;
  /** How long a claimed delivery stays invisible to other processes while its request is in flight. */
  leaseMs?: number;
  batch?: number;
  now?: () => Date;
  fetch?: typeof fetch;
  /**
   * Days a finished delivery (delivered or failed) is kept with its body and attempts; 0 keeps them forever. The bodies
   * carry the alert's personal data, so the log is a delivery record, not an archive (the audit log is that).
   */
  retentionDays?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const defaultBackoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 6 * 3600_000);

/** Wakes the deliverer of this process when the outbox handler queued deliveries (other processes poll). */
export const deliveriesQueued = new EventEmitter();

interface Claimed { id: number; subscription_id: number; event_id: number; event_type: string; body: string; attempts: number; url: string; secret: string }

/**
 * Sends due webhook deliveries: claims a batch (a lease through next_attempt_at, `FOR UPDATE SKIP LOCKED`, so several
 * processes share the work), POSTs each signed body outside any transaction, logs the attempt, and schedules a retry
 * with exponential back-off or marks the delivery delivered / failed. At least once: a crash mid-request leaves the
 * delivery pending, to be sent again when the lease ends.
 */
export class WebhookDeliverer implements Worker {
  readonly name = 'webhooks.deliverer';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = true;
  private readonly o: Required<DelivererOptions>;
  private readonly onQueued = () => this.trigger();

  constructor(private readonly db: Kysely<CoreTables>, opts: DelivererOptions = {}) {
    this.o = {
      pollMs: 1000, maxAttempts: DEFAULT_MAX_ATTEMPTS, backoffMs: defaultBackoffMs, timeoutMs: 10_000, leaseMs: 60_000, batch: 20,
      now: () => new Date(), fetch: globalThis.fetch.bind(globalThis), retentionDays: 0, ...opts,
    };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    deliveriesQueued.on('queued', this.onQueued);
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => { this.trigger(); loop(); }, this.o.pollMs);
      this.timer.unref();
    };
    loop();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    deliveriesQueued.off('queued', this.onQueued);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  trigger(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = this.drain().catch(() => 0).finally(() => {
      this.running = null;
      if (this.again && !this.stopped) { this.again = false; this.trigger(); }
    });
  }

  private lastPrune = 0;

  /**
   * Sends every due delivery (batch after batch); returns how many attempts were made. Tests may call it directly.
   * Caught up, it forgets (at most once an hour) the deliveries finished longer ago than the retention period.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) {
        if (this.o.retentionDays > 0 && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
          this.lastPrune = Date.now();
          await pruneDeliveries(this.db, this.o.retentionDays, this.o.now());
        }
        return total;
      }
      await Promise.all(claimed.map((d) => this.attempt(d)));
      total += claimed.length;
      if (this.stopped) return total;
    }
  }

  private async claim(): Promise<Claimed[]> {
    const now = this.o.now();
    const lease = new Date(now.getTime() + this.o.leaseMs);
    const { rows } = await sql<Claimed>`
      WITH due AS (
        SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at LIMIT ${this.o.batch} FOR UPDATE SKIP LOCKED)
      UPDATE webhook_deliveries d SET next_attempt_at = ${lease}
      FROM due, webhook_subscriptions s
      WHERE d.id = due.id AND s.id = d.subscription_id
      RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.body, d.attempts, s.url, s.secret`.execute(this.db);
    return rows;
  }

  private async attempt(d: Claimed): Promise<void> {
    const attempt = d.attempts + 1;
    const started = this.o.now();
    const t0 = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.o.fetch(d.url, {
        method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(this.o.timeoutMs),
        headers: {
          'content-type': 'application/json', 'user-agent': 'Sereno-Webhooks/1', 'sereno-event': d.event_type, 'sereno-event-id': String(d.event_id),
          'sereno-delivery': String(d.id), 'sereno-attempt': String(attempt), 'sereno-signature': signWebhook(d.secret, d.body, started),
        },
        body: d.body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      error = err.name === 'TimeoutError' ? `timeout after ${this.o.timeoutMs} ms` : (err.cause?.code ?? err.message).slice(0, 500);
    }
    const duration = Math.round(performance.now() - t0);
    const done = this.o.now();
    const ok = error === null;
    const failed = !ok && attempt >= this.o.maxAttempts;
    const next = ok || failed ? null : new Date(done.getTime() + this.o.backoffMs(attempt));
    await this.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms, next_retry_at)
        VALUES (${d.id}, ${attempt}, ${started}, ${status}, ${error}, ${duration}, ${next}) ON CONFLICT DO NOTHING`.execute(trx);
      await sql`UPDATE webhook_deliveries SET attempts = ${attempt}, last_status_code = ${status}, last_error = ${error},
        status = ${ok ? 'delivered' : failed ? 'failed' : 'pending'}, next_attempt_at = ${next}, delivered_at = ${ok ? done : null}
        WHERE id = ${d.id}`.execute(trx);
    });
  }
}

const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_CHUNK = 5000;

/**
 * Deletes the deliveries that finished (delivered or failed) before `now - days`, with their attempt log, in steps of
 * PRUNE_CHUNK, and audits how many went. Pending deliveries are never touched, however old. Returns the count.
 */
export async function pruneDeliveries(db: Kysely<CoreTables>, days: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  let pruned = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      // Finished = delivered, or failed at its last attempt.
      const { rows } = await sql<{ id: number }>`SELECT d.id FROM webhook_deliveries d
        WHERE d.status <> 'pending' AND d.created_at < ${cutoff}::timestamptz
          AND coalesce(d.delivered_at, (SELECT max(a.at) FROM webhook_attempts a WHERE a.delivery_id = d.id), d.created_at) < ${cutoff}::timestamptz
        ORDER BY d.id LIMIT ${PRUNE_CHUNK}`.execute(trx);
      const ids = rows.map((r) => Number(r.id));
      if (ids.length) {
        await sql`DELETE FROM webhook_attempts WHERE delivery_id = ANY(${ids}::bigint[])`.execute(trx);
        await sql`DELETE FROM webhook_deliveries WHERE id = ANY(${ids}::bigint[])`.execute(trx);
      }
      return ids.length;
    });
    pruned += n;
    if (n < PRUNE_CHUNK) break;
  }
  if (pruned) {
    await db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, {
      action: 'webhook.deliveries_pruned', entityType: 'webhook_delivery', details: { deliveries: pruned, finished_before: cutoff, retention_days: days },
    }, now));
  }
  return pruned;
}
