import type { SerenoModule } from '../../core/module.js';
import { AlertFanout } from './alerts.fanout.js';
import { alertsRoutes } from './alerts.routes.js';
import { messages } from './alerts.schema.js';

export { ALERTS_CHANNEL, alertBus, publishAlerts } from './alerts.bus.js';
export { AlertFanout } from './alerts.fanout.js';
export type { AlertRow, NewAlert, NewVehicleAlert, TargetSummary } from './alerts.schema.js';
export { acknowledgeAlert, alertEventPayload, alertSide, getAlert, listAlerts, presentAlert, raiseAlerts, raiseVehicleAlerts, VEHICLE_ALERT_WORKED, workAlert, workVehicleAlert } from './alerts.service.js';

/** Alerts raised by watchlist hits: routed to the issuer, visible (reduced) to the entidad of the hit, pushed live (issue 4). */
export const alertsModule: SerenoModule = { name: 'alerts', routes: alertsRoutes, messages, workers: (database) => [new AlertFanout(database)] };
