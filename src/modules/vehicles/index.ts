import type { SerenoModule } from '../../core/module.js';
import { vehicleDemo } from './vehicles.demo.js';
import { vehicleHandlers } from './vehicles.handlers.js';
import { vehiclesRoutes } from './vehicles.routes.js';
import { messages } from './vehicles.schema.js';

export { Hotlist, hotlistFor } from './vehicles.hotlist.js';
export { ingestReads, splitBatch, type IngestResult } from './vehicles.reads.js';
export { cancelReport, getReport, listCameras, listReports, recoverVehicle, registerCamera, reportTheft, vehicleStats } from './vehicles.service.js';

/** Stolen vehicles and licence-plate reads: registry, in-memory hotlist, camera ingestion, C5 alerts (issue 5). */
export const vehiclesModule: SerenoModule = { name: 'vehicles', routes: vehiclesRoutes, handlers: vehicleHandlers, messages, demo: vehicleDemo };
