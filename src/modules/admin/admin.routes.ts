import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiKeyCreate, ApiKeyQuery, IdParams, InstitutionCreate, InstitutionQuery, InstitutionUpdate, UserCreate, UserQuery, UserUpdate } from './admin.schema.js';
import * as svc from './admin.service.js';

/** Administration of institutions, users and API keys; every rule lives in the service. */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['administración'];

  r.get('/admin/institutions', { schema: { tags, summary: 'Listar instituciones', querystring: InstitutionQuery } }, (req) => svc.listInstitutions(req.ctx(), req.query));
  r.post('/admin/institutions', { schema: { tags, summary: 'Crear institución', body: InstitutionCreate } }, async (req, reply) => reply.status(201).send(await svc.createInstitution(req.ctx(), req.body)));
  r.patch('/admin/institutions/:id', { schema: { tags, summary: 'Modificar institución', params: IdParams, body: InstitutionUpdate } }, (req) => svc.updateInstitution(req.ctx(), req.params.id, req.body));

  r.get('/admin/users', { schema: { tags, summary: 'Listar usuarios', querystring: UserQuery } }, (req) => svc.listUsers(req.ctx(), req.query));
  r.get('/admin/users/:id', { schema: { tags, summary: 'Ver usuario', params: IdParams } }, (req) => svc.getUser(req.ctx(), req.params.id));
  r.post('/admin/users', { schema: { tags, summary: 'Crear usuario', body: UserCreate } }, async (req, reply) => reply.status(201).send(await svc.createUser(req.ctx(), req.body)));
  r.patch('/admin/users/:id', { schema: { tags, summary: 'Modificar usuario', params: IdParams, body: UserUpdate } }, (req) => svc.updateUser(req.ctx(), req.params.id, req.body));
  r.post('/admin/users/:id/reset-password', { schema: { tags, summary: 'Restablecer contraseña', params: IdParams } }, (req) => svc.resetUserPassword(req.ctx(), req.params.id));
  r.post('/admin/users/:id/unlock', { schema: { tags, summary: 'Desbloquear usuario', params: IdParams } }, async (req, reply) => {
    await svc.unlockUser(req.ctx(), req.params.id);
    return reply.status(204).send();
  });

  r.get('/admin/api-keys', { schema: { tags, summary: 'Listar claves de API', querystring: ApiKeyQuery } }, (req) => svc.listApiKeys(req.ctx(), req.query));
  r.post('/admin/api-keys', { schema: { tags, summary: 'Crear clave de API (se muestra una sola vez)', body: ApiKeyCreate } }, async (req, reply) => reply.status(201).send(await svc.createApiKey(req.ctx(), req.body)));
  r.post('/admin/api-keys/:id/revoke', { schema: { tags, summary: 'Revocar clave de API', params: IdParams } }, async (req, reply) => {
    await svc.revokeApiKey(req.ctx(), req.params.id);
    return reply.status(204).send();
  });
};
