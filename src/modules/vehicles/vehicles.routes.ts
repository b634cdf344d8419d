import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { alertReadHistory, ingestReads, MAX_BATCH, splitBatch, type IngestOptions } from './vehicles.reads.js';
import { CameraCreate, CancelBody, ReadHistoryQuery, ReadsBatch, RecoveryBody, ReportIdParams, ReportQuery, StatsQuery, TheftReport } from './vehicles.schema.js';
import * as svc from './vehicles.service.js';

/** Stolen-vehicle registry, plate-reader cameras, plate-read ingestion (JSON or NDJSON), statistics. */
export const vehiclesRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['vehículos'];
  const { config, database } = app.sereno;
  const ingest: IngestOptions = { database, retentionDays: config.PLATE_READS_RETENTION_DAYS, maxDistance: config.PLATE_MATCH_MAX_DISTANCE };
  const readsBodyLimit = Math.max(config.BODY_LIMIT_BYTES, MAX_BATCH * 400);
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson'], { parseAs: 'string', bodyLimit: readsBodyLimit }, (_req, body, done) => done(null, body));

  r.post('/vehicles/reports', { schema: { tags, summary: 'Registrar robo de vehículo (idempotente por source + external_id)', body: TheftReport } },
    async (req, reply) => { const out = await svc.reportTheft(req.ctx(), req.body); return reply.status(out.created ? 201 : 200).send(out); });
  r.get('/vehicles/reports', { schema: { tags, summary: 'Listar reportes de robo del territorio', querystring: ReportQuery } }, (req) => svc.listReports(req.ctx(), req.query));
  r.get('/vehicles/reports/:id', { schema: { tags, summary: 'Ver reporte', params: ReportIdParams } }, (req) => svc.getReport(req.ctx(), req.params.id));
  r.get('/vehicles/reports/:id/timeline', { schema: { tags, summary: 'Cronología del reporte', params: ReportIdParams } }, (req) => svc.reportTimeline(req.ctx(), req.params.id));
  r.post('/vehicles/reports/:id/recover', { schema: { tags, summary: 'Registrar recuperación (sale de la lista de búsqueda de inmediato)', params: ReportIdParams, body: RecoveryBody } },
    (req) => svc.recoverVehicle(req.ctx(), req.params.id, req.body));
  r.post('/vehicles/reports/:id/cancel', { schema: { tags, summary: 'Cancelar reporte (con motivo)', params: ReportIdParams, body: CancelBody } },
    (req) => svc.cancelReport(req.ctx(), req.params.id, req.body.reason));
  r.get('/vehicles/stats', { schema: { tags, summary: 'Robos y recuperaciones por entidad y mes, tasa de recuperación, coincidencias por cámara', querystring: StatsQuery } },
    (req) => svc.vehicleStats(req.ctx(), req.query));
  r.post('/vehicles/cameras', { schema: { tags, summary: 'Registrar cámara lectora de placas (arco / LPR)', body: CameraCreate } },
    async (req, reply) => reply.status(201).send(await svc.registerCamera(req.ctx(), req.body)));
  r.get('/vehicles/cameras', { schema: { tags, summary: 'Cámaras del territorio' } }, (req) => svc.listCameras(req.ctx()));
  r.post('/vehicles/reads', {
    bodyLimit: readsBodyLimit,
    schema: { tags, summary: 'Lote de lecturas de placas (JSON o NDJSON); cada lectura se coteja con la lista de vehículos robados', body: ReadsBatch },
  }, async (req) => {
    const out = await ingestReads(req.ctx(), splitBatch(req.body), ingest);
    return { received: out.received, accepted: out.accepted, stored: out.stored, duplicates: out.duplicates, rejected: out.rejected, hits: out.hits };
  });
  r.get('/vehicles/alerts/:id/reads', { schema: { tags, summary: 'Ruta del vehículo de una alerta: sus lecturas recientes en todas las cámaras', params: ReportIdParams, querystring: ReadHistoryQuery } },
    (req) => alertReadHistory(req.ctx(), req.params.id, req.query));
};
