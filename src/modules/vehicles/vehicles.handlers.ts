import { SYSTEM_ACTOR } from '../../core/access.js';
import type { Database } from '../../core/db.js';
import type { EventHandler } from '../../core/outbox.js';
import { VEHICLE_ALERT_WORKED } from '../alerts/index.js';
import { recoverFromAlert } from './vehicles.service.js';

/** A C5 marking a vehicle alert "recovered" records the recovery on the report (and takes it off the hotlist). */
export function vehicleHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'vehicles.recover-from-alert',
    types: [VEHICLE_ALERT_WORKED],
    async handle(event, db) {
      const p = event.payload as Parameters<typeof recoverFromAlert>[2] & { to: string };
      if (p.to === 'recovered') await recoverFromAlert(db, SYSTEM_ACTOR, p);
    },
  }];
}
