import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../core/errors.js';
import { RequestValidationError } from '../../core/http.js';
import { stopCheckWorker } from './detentions.check-client.js';
import { getImport, IMPORT_MAX_BYTES, IMPORT_MAX_LABEL, importDetentions, listImports, registerBatch } from './detentions.import.js';
import { consultDetention } from './detentions.public.js';
import { monthlyReport } from './detentions.report.js';
import { DETENTION_RULES } from './detentions.rules.js';
import {
  BatchBody, EventBody, FolioParams, ImportListQuery, ImportParams, ListQuery, PublicQuery, RegistrationBody, ReportQuery, StatsQuery, UpdateBody,
} from './detentions.schema.js';
import * as svc from './detentions.service.js';
import { computeStats } from './detentions.stats.js';

const ImportQuery = z.strictObject({ source: z.string().trim().min(1).max(100).optional() });

/** The Registro Nacional de Detenciones API; every rule lives in the services. */
export const detentionRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
  app.addHook('onClose', stopCheckWorker);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['detenciones'];

  // A body that fails its schema still gets its catalogue checks: one answer names every broken field.
  r.post('/detentions', { attachValidation: true, schema: { tags, summary: 'Registrar una detención (idempotente por source + external_id)', body: RegistrationBody } }, async (req, reply) => {
    if (req.validationError) throw req.validationError instanceof RequestValidationError ? await svc.registrationShapeError(req.ctx(), req.body, req.validationError) : req.validationError;
    const { created, detention } = await svc.registerDetention(req.ctx(), req.body);
    return reply.status(created ? 201 : 200).header('location', `/api/detentions/${detention.folio}`).send(detention);
  });
  r.get('/detentions', { schema: { tags, summary: 'Listar detenciones con sus alertas de plazos', querystring: ListQuery } }, (req) => svc.listDetentions(req.ctx(), req.query));
  r.get('/detentions/stats', { schema: { tags, summary: 'Estadísticas para el tablero', querystring: StatsQuery } }, (req) => computeStats(req.ctx(), req.query));
  r.get('/detentions/reports/monthly', { schema: { tags, summary: 'Informe mensual por entidad (CSV, XLSX o PDF)', querystring: ReportQuery } }, async (req, reply) => {
    const file = await monthlyReport(req.ctx(), req.query);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });
  r.post('/detentions/batch', { bodyLimit: 32 * 1024 ** 2, schema: { tags, summary: 'Registrar hasta 1,000 detenciones de un sistema estatal', body: BatchBody } }, (req) => registerBatch(req.ctx(), req.body));
  r.post('/detentions/import', { config: { fileLimit: IMPORT_MAX_LABEL }, schema: { tags, summary: 'Importar un archivo CSV o XLSX (multipart, campo «file»)', querystring: ImportQuery, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    if (!req.isMultipart()) throw badRequest('import_file_required');
    const data = await req.file();
    if (!data) throw badRequest('import_file_required');
    const field = data.fields.source as { type?: string; value?: unknown } | undefined;
    const source = req.query.source ?? (field?.type === 'field' && typeof field.value === 'string' ? field.value.trim() : undefined);
    // A large file, or one of unknown size, is read and checked in a worker thread (this thread then only writes it);
    // a small one here, without waiting for the worker to start.
    const size = req.headers['content-length'] ? Number(req.headers['content-length']) : Number.POSITIVE_INFINITY;
    const worker = size >= app.sereno.config.IMPORT_WORKER_MIN_BYTES;
    const result = await importDetentions(req.ctx(), { fileName: data.filename, mime: data.mimetype, stream: data.file }, { source, worker });
    return reply.status(201).header('location', `/api/detentions/imports/${result.id}`).send(result);
  });
  r.get('/detentions/imports', { schema: { tags, summary: 'Importaciones recientes (sin sus listas de líneas)', querystring: ImportListQuery } }, (req) => listImports(req.ctx(), req.query));
  r.get('/detentions/imports/:id', { schema: { tags, summary: 'Resultado de una importación', params: ImportParams } }, (req) => getImport(req.ctx(), req.params.id));
  r.get('/detentions/:folio', { schema: { tags, summary: 'Ver una detención (lectura auditada)', params: FolioParams } }, (req) => svc.getDetention(req.ctx(), req.params.folio));
  r.patch('/detentions/:folio', { schema: { tags, summary: 'Completar o corregir: crea una nueva versión', params: FolioParams, body: UpdateBody } }, (req) => svc.updateDetention(req.ctx(), req.params.folio, req.body));
  r.get('/detentions/:folio/versions', { schema: { tags, summary: 'Todas las versiones de una detención', params: FolioParams } }, (req) => svc.listVersions(req.ctx(), req.params.folio));
  r.get('/detentions/:folio/timeline', { schema: { tags, summary: 'Línea de tiempo: detención, registro, versiones y cadena de custodia', params: FolioParams } }, (req) => svc.getTimeline(req.ctx(), req.params.folio));
  r.post('/detentions/:folio/events', { schema: { tags, summary: 'Añadir un evento de la cadena de custodia', params: FolioParams, body: EventBody } }, async (req, reply) => {
    const result = await svc.recordCustodyEvent(req.ctx(), req.params.folio, req.body);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  r.get('/public/detenciones', {
    config: { auth: 'public', rateLimit: { max: DETENTION_RULES.publicConsultation.perMinute, timeWindow: '1 minute' } },
    schema: { tags: ['consulta pública'], summary: 'Consulta pública: ¿está detenida esta persona, por quién y dónde?', security: [], querystring: PublicQuery },
  }, (req) => consultDetention(req.ctx(), req.query));
};
