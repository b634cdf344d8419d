import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditQuery, AuditRowParams } from './audit.schema.js';
import { getAuditRow, listAudit, verifyAudit } from './audit.service.js';

/** The audit log for auditors: browse with filters, verify the hash chain. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auditoría'];
  r.get('/audit', { schema: { tags, summary: 'Consultar la bitácora de auditoría', querystring: AuditQuery } }, (req) => listAudit(req.ctx(), req.query));
  r.get('/audit/:id', { schema: { tags, summary: 'Un registro de la bitácora, completo', params: AuditRowParams } }, (req) => getAuditRow(req.ctx(), req.params.id));
  r.get('/audit/verify', { schema: { tags, summary: 'Verificar la cadena de hashes' } }, (req) => verifyAudit(req.ctx()));
};
