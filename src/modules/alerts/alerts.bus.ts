import { EventEmitter } from 'node:events';
import type { AlertRow } from './alerts.schema.js';

/**
 * In-process fan-out of newly raised alerts to open SSE streams. Fed after the raising transaction commits, in the
 * process that raised them (the outbox dispatcher or the API call that listed a target).
 */
export const alertBus = new EventEmitter();
alertBus.setMaxListeners(0);

/** Announces committed alerts to live listeners. */
export function publishAlerts(rows: AlertRow[]): void {
  for (const r of rows) alertBus.emit('alert', r);
}
