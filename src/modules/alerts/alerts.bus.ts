import { EventEmitter } from 'node:events';
import type { AlertRow } from './alerts.schema.js';

/**
 * In-process fan-out of newly raised alerts to open SSE streams. Fed after the raising transaction commits, in the
 * process that raised them (the outbox dispatcher or the API call that listed a target), and in every process by
 * AlertFanout when PostgreSQL delivers the `sereno_alerts` notification of that commit.
 */
export const alertBus = new EventEmitter();
alertBus.setMaxListeners(0);

/** The NOTIFY channel raiseAlerts signals on (delivered at commit to every listening process). */
export const ALERTS_CHANNEL = 'sereno_alerts';

const seen = new Set<number>();
const order: number[] = [];
const SEEN_MAX = 20_000;

/** True the first time an alert id is offered in this process (the local path and the NOTIFY path both offer it). */
function firstTime(id: number): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  order.push(id);
  if (order.length > SEEN_MAX) seen.delete(order.shift()!);
  return true;
}

/** Announces committed alerts to live listeners, each alert once per process. */
export function publishAlerts(rows: AlertRow[]): void {
  for (const r of rows) if (firstTime(Number(r.id))) alertBus.emit('alert', r);
}
