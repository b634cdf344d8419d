import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { badRequest } from '../../core/errors.js';
import { zodValidatorCompiler } from '../../core/http.js';
import {
  AgreementIn, AgreementUpdate, BoardQuery, CommitmentIn, CommitmentQuery, CommitmentUpdate, ComplianceQuery, DocumentIn, ExportQuery, IdParams,
  ImportBody, ImportFormFields, LiaisonIn, LiaisonQuery, LiaisonUpdate, NotificationQuery, ProgressReport, SearchQuery, SessionIn, SessionQuery, SessionUpdate, StatusChange,
} from './agreements.schema.js';
import * as agreements from './agreements.service.js';
import * as commitments from './commitments.service.js';
import { exportSessionPdf, exportXlsx } from './export.service.js';
import { importAgreements, previewImport, readUpload, type ImportRequest } from './import.service.js';

const MAX_UPLOAD = 10 * 1024 * 1024;
const validateImport = zodValidatorCompiler({ schema: ImportBody, httpPart: 'body' });
const validateForm = zodValidatorCompiler({ schema: ImportFormFields, httpPart: 'body' });
const REMINDER_EVERY_MS = 60 * 60 * 1000;

/**
 * The import body: JSON ({ text | document, filename?, reference_date?, create_suggested_commitments? }) or
 * multipart/form-data with the file in `file` (.txt, .md, .docx) and the same options as fields.
 */
async function importRequest(req: FastifyRequest): Promise<ImportRequest> {
  if (!req.isMultipart()) {
    const r = validateImport(req.body);
    if ('error' in r && r.error) throw r.error;
    const b = (r as { value: z.infer<typeof ImportBody> }).value;
    return { text: b.text, filename: b.filename ?? null, reference_date: b.reference_date, document: b.document, create_suggested_commitments: b.create_suggested_commitments };
  }
  let upload: ReturnType<typeof readUpload> | null = null;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || upload) { await part.toBuffer(); continue; }
      upload = readUpload(await part.toBuffer(), part.filename || 'documento.txt');
    } else fields[part.fieldname] = String(part.value);
  }
  if (!upload) throw badRequest('file_missing');
  const f = validateForm(fields);
  if ('error' in f && f.error) throw f.error;
  const form = (f as { value: z.infer<typeof ImportFormFields> }).value;
  return {
    text: upload.text, filename: form.filename ?? upload.filename, media_type: upload.media_type, read_warnings: upload.warnings,
    reference_date: form.reference_date, create_suggested_commitments: form.create_suggested_commitments,
  };
}

/** The Conference's sessions, acuerdos and commitments; every rule lives in the services. */
export const agreementsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 }, throwFileSizeLimit: true });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['acuerdos'];

  // Sessions and their documents.
  r.get('/agreements/sessions', { schema: { tags, summary: 'Listar sesiones', querystring: SessionQuery } }, (req) => agreements.listSessions(req.ctx(), req.query));
  r.post('/agreements/sessions', { schema: { tags, summary: 'Registrar sesión', body: SessionIn } }, async (req, reply) => reply.status(201).send(await agreements.createSession(req.ctx(), req.body)));
  r.get('/agreements/sessions/:id', { schema: { tags, summary: 'Página de la sesión (encabezado, acuerdos, transitorios, avance)', params: IdParams } }, (req) => agreements.getSessionPage(req.ctx(), req.params.id));
  r.patch('/agreements/sessions/:id', { schema: { tags, summary: 'Modificar sesión', params: IdParams, body: SessionUpdate } }, (req) => agreements.updateSession(req.ctx(), req.params.id, req.body));
  r.post('/agreements/sessions/:id/documents', { schema: { tags, summary: 'Adjuntar documento (metadatos o liga)', params: IdParams, body: DocumentIn } }, async (req, reply) => reply.status(201).send(await agreements.addDocument(req.ctx(), req.params.id, req.body)));
  r.post('/agreements/sessions/:id/agreements', { schema: { tags, summary: 'Agregar acuerdo o transitorio', params: IdParams, body: AgreementIn } }, async (req, reply) => reply.status(201).send(await agreements.createAgreement(req.ctx(), req.params.id, req.body)));
  r.get('/agreements/sessions/:id/export.pdf', { schema: { tags, summary: 'Sesión en PDF', params: IdParams } }, async (req, reply) => {
    const pdf = await exportSessionPdf(req.ctx(), req.params.id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="sesion-${req.params.id}.pdf"`).send(pdf);
  });
  r.get('/agreements/documents/:id', { schema: { tags, summary: 'Documento adjunto (con el texto importado)', params: IdParams } }, (req) => agreements.getDocument(req.ctx(), req.params.id));

  // Acuerdos.
  r.get('/agreements/acuerdos/:id', { schema: { tags, summary: 'Acuerdo con compromisos, avance y compromisos sugeridos', params: IdParams } }, (req) => agreements.getAgreement(req.ctx(), req.params.id));
  r.patch('/agreements/acuerdos/:id', { schema: { tags, summary: 'Modificar acuerdo (texto, título, tipo)', params: IdParams, body: AgreementUpdate } }, (req) => agreements.updateAgreement(req.ctx(), req.params.id, req.body));
  r.post('/agreements/acuerdos/:id/commitments', { schema: { tags, summary: 'Crear compromisos (zona o todas las entidades → uno por entidad)', params: IdParams, body: CommitmentIn } }, async (req, reply) => reply.status(201).send(await commitments.createCommitments(req.ctx(), req.params.id, req.body)));
  r.get('/agreements/search', { schema: { tags, summary: 'Búsqueda de texto completo en los acuerdos', querystring: SearchQuery } }, (req) => agreements.searchAgreements(req.ctx(), req.query));

  // Commitments.
  r.get('/agreements/commitments', { schema: { tags, summary: 'Listar compromisos (vencidos primero)', querystring: CommitmentQuery } }, (req) => commitments.listCommitments(req.ctx(), req.query));
  r.get('/agreements/commitments/board', { schema: { tags, summary: 'Tablero de compromisos por entidad', querystring: BoardQuery } }, (req) => commitments.commitmentsBoard(req.ctx(), req.query));
  r.post('/agreements/commitments/status', { schema: { tags, summary: 'Cambiar el estado de compromisos', body: StatusChange } }, (req) => commitments.changeStatus(req.ctx(), req.body));
  r.get('/agreements/commitments/:id', { schema: { tags, summary: 'Compromiso con evidencias, historial y enlaces', params: IdParams } }, (req) => commitments.getCommitment(req.ctx(), req.params.id));
  r.patch('/agreements/commitments/:id', { schema: { tags, summary: 'Modificar compromiso (entregable, plazo, periodicidad)', params: IdParams, body: CommitmentUpdate } }, (req) => commitments.updateCommitment(req.ctx(), req.params.id, req.body));
  r.post('/agreements/commitments/:id/progress', { schema: { tags, summary: 'Reportar avance y evidencias (entidad responsable)', params: IdParams, body: ProgressReport } }, (req) => commitments.reportProgress(req.ctx(), req.params.id, req.body));
  r.get('/agreements/compliance', { schema: { tags, summary: 'Cumplimiento por entidad', querystring: ComplianceQuery } }, (req) => commitments.complianceTable(req.ctx(), req.query));

  // Liaisons, notifications, reminders.
  r.get('/agreements/liaisons', { schema: { tags, summary: 'Enlaces designados', querystring: LiaisonQuery } }, (req) => commitments.listLiaisons(req.ctx(), req.query));
  r.post('/agreements/liaisons', { schema: { tags, summary: 'Registrar enlace designado por oficio', body: LiaisonIn } }, async (req, reply) => reply.status(201).send(await commitments.createLiaison(req.ctx(), req.body)));
  r.patch('/agreements/liaisons/:id', { schema: { tags, summary: 'Concluir designación o corregir contacto', params: IdParams, body: LiaisonUpdate } }, (req) => commitments.updateLiaison(req.ctx(), req.params.id, req.body));
  r.get('/agreements/notifications', { schema: { tags, summary: 'Notificaciones (recordatorios y vencimientos)', querystring: NotificationQuery } }, (req) => commitments.listNotifications(req.ctx(), req.query));
  r.post('/agreements/notifications/:id/read', { schema: { tags, summary: 'Marcar notificación como leída', params: IdParams } }, (req) => commitments.markNotificationRead(req.ctx(), req.params.id));
  r.post('/agreements/reminders/run', { schema: { tags, summary: 'Ejecutar ahora el barrido de vencimientos y recordatorios' } }, (req) => commitments.runReminders(req.ctx()));

  // Import and export.
  r.post('/agreements/import/preview', {
    bodyLimit: MAX_UPLOAD, config: { fileLimit: '10 MB' },
    schema: { tags, summary: 'Vista previa de importación', description: 'JSON `{ text | document, filename?, reference_date?, create_suggested_commitments? }` o multipart/form-data con el archivo en `file` (.txt, .md, .docx). No escribe nada.' },
  }, async (req) => previewImport(req.ctx(), await importRequest(req)));
  r.post('/agreements/import', {
    bodyLimit: MAX_UPLOAD, config: { fileLimit: '10 MB' },
    schema: { tags, summary: 'Importar documento de acuerdos', description: 'El mismo cuerpo que la vista previa; `document` puede ser el documento revisado y editado de la vista previa. Idempotente por nombre y fecha de sesión.' },
  }, async (req, reply) => reply.status(201).send(await importAgreements(req.ctx(), await importRequest(req))));
  r.get('/agreements/export.xlsx', { schema: { tags, summary: 'Exportar a XLSX (sesiones, acuerdos, compromisos, cumplimiento)', querystring: ExportQuery } }, async (req, reply) => {
    const xlsx = await exportXlsx(req.ctx(), req.query);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="acuerdos.xlsx"').send(xlsx);
  });

  // The reminder sweep runs hourly in a listening server (never in app.inject tests, which do not listen).
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onListen', async () => {
    const sweep = () => commitments.runReminders({ db: app.sereno.database.db, actor: SYSTEM_ACTOR, now: app.sereno.clock })
      .catch((err) => app.log.warn({ err }, 'agreements reminder sweep failed'));
    void sweep();
    timer = setInterval(sweep, REMINDER_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => { if (timer) clearInterval(timer); });
};
