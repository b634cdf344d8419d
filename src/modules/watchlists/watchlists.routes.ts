import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { StatusBody, TargetCreate, TargetIdParams, TargetQuery, TargetUpdate } from './watchlists.schema.js';
import * as svc from './watchlists.service.js';

/** Objetivos prioritarios: list, read, correct, suspend, reactivate, close, history. */
export const watchlistsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['objetivos prioritarios'];
  r.post('/targets', { schema: { tags, summary: 'Registrar un objetivo prioritario (se busca de inmediato en todo el índice)', body: TargetCreate } },
    async (req, reply) => reply.status(201).send(await svc.createTarget(req.ctx(), req.body)));
  r.get('/targets', { schema: { tags, summary: 'Listar objetivos del territorio', querystring: TargetQuery } }, (req) => svc.listTargets(req.ctx(), req.query));
  r.get('/targets/:id', { schema: { tags, summary: 'Ver objetivo', params: TargetIdParams } }, (req) => svc.getTarget(req.ctx(), req.params.id));
  r.patch('/targets/:id', { schema: { tags, summary: 'Corregir objetivo (nueva versión)', params: TargetIdParams, body: TargetUpdate } }, (req) => svc.updateTarget(req.ctx(), req.params.id, req.body));
  r.get('/targets/:id/versions', { schema: { tags, summary: 'Historial de versiones del objetivo', params: TargetIdParams } }, (req) => svc.listTargetVersions(req.ctx(), req.params.id));
  for (const action of ['suspend', 'reactivate', 'close'] as const) {
    r.post(`/targets/:id/${action}`, { schema: { tags, summary: { suspend: 'Suspender objetivo', reactivate: 'Reactivar objetivo', close: 'Cerrar objetivo' }[action], params: TargetIdParams, body: StatusBody } },
      (req) => svc.setTargetStatus(req.ctx(), req.params.id, action, req.body.reason));
  }
};
