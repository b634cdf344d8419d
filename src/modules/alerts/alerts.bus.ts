import { EventEmitter } from 'node:events';
import type { AlertRow } from './alerts.schema.js';

/**
 * In-process fan-out of newly raised alerts to open SSE streams. When an AlertFanout runs in this process (the server
 * starts one), alerts reach the bus only through it — PostgreSQL's `sereno_alerts` notification at commit, the same
 * path for alerts raised here or in another process, so each is published once. Without one (tests, tools), the
 * process that raised them publishes them directly after commit.
 */
export const alertBus = new EventEmitter();
alertBus.setMaxListeners(0);

/** The NOTIFY channel raiseAlerts signals on (delivered at commit to every listening process). */
export const ALERTS_CHANNEL = 'sereno_alerts';

let fanouts = 0;

/** Called by AlertFanout on start (+1) and stop (−1). */
export function countFanout(delta: 1 | -1): void {
  fanouts = Math.max(0, fanouts + delta);
}

/** Announces committed alerts to live listeners (a no-op for the raising code when a fan-out worker runs). */
export function publishAlerts(rows: AlertRow[], from: 'raiser' | 'fanout' = 'raiser'): void {
  if (from === 'raiser' && fanouts > 0) return;
  for (const r of rows) alertBus.emit('alert', r);
}
