import { sql } from 'kysely';
import type { Database } from '../../core/db.js';
import type { Worker } from '../../core/module.js';
import { ALERTS_CHANNEL, countFanout, publishAlerts } from './alerts.bus.js';
import type { AlertRow } from './alerts.schema.js';

/** How far below the highest alert id seen a pass looks again (ids are taken at insert, commits may land out of order). */
const LOOKBACK = 500;

/**
 * Cross-process SSE fan-out: LISTENs on `sereno_alerts` (notified by raiseAlerts in the alert's transaction, so only
 * committed alerts wake it), reads the alerts committed since the last pass and hands them to this process's bus.
 * With several API processes on one PostgreSQL, a stream open on any of them receives alerts raised by any other.
 */
export class AlertFanout implements Worker {
  readonly name = 'alerts.fanout';
  private highWater = 0;
  private readonly published = new Set<number>();
  private unlisten: (() => Promise<void>) | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    const { rows: [r] } = await sql<{ max: string | null }>`SELECT max(id)::text AS max FROM alerts`.execute(this.database.db);
    this.highWater = Number(r?.max ?? 0);
    // Alerts committed before this start are not news: remember the ones a first pass would read again.
    const { rows: old } = await sql<{ id: string }>`SELECT id::text AS id FROM alerts WHERE id > ${this.highWater - LOOKBACK}`.execute(this.database.db);
    for (const o of old) this.published.add(Number(o.id));
    this.unlisten = await this.database.listen(ALERTS_CHANNEL, () => this.trigger());
    countFanout(1);
  }

  async stop(): Promise<void> {
    if (!this.unlisten) return;
    countFanout(-1);
    await this.unlisten();
    this.unlisten = null;
    await this.running;
  }

  private trigger(): void {
    if (!this.unlisten) return;
    if (this.running) { this.again = true; return; }
    this.running = this.pass().catch(() => undefined).finally(() => {
      this.running = null;
      if (this.again && this.unlisten) { this.again = false; this.trigger(); }
    });
  }

  private async pass(): Promise<void> {
    const { rows } = await sql<AlertRow>`SELECT a.* FROM alerts a WHERE a.id > ${Math.max(0, this.highWater - LOOKBACK)} ORDER BY a.id LIMIT 2000`.execute(this.database.db);
    if (rows.length === 0) return;
    this.highWater = Math.max(this.highWater, ...rows.map((r) => Number(r.id)));
    const fresh = rows.filter((r) => !this.published.has(Number(r.id)));
    for (const r of fresh) this.published.add(Number(r.id));
    // Ids below the look-back window can no longer come back: forget them.
    for (const id of this.published) if (id <= this.highWater - LOOKBACK) this.published.delete(id);
    publishAlerts(fresh, 'fanout');
  }
}
