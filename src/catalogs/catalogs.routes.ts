import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../core/errors.js';
import { listEntidades, listInstitutionTypes, listMunicipios, listOffences, listRoles } from './catalogs.service.js';

const EntidadParams = z.strictObject({ code: z.string().regex(/^(0[1-9]|[12][0-9]|3[0-2])$/, 'field.entidad_unknown') });

/** Read-only catalogues for any signed-in user. */
export const catalogRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['catálogos'];
  r.get('/catalogs/entidades', { schema: { tags, summary: 'Entidades federativas (INEGI)' } }, async (req) => ({ items: await listEntidades(req.ctx()) }));
  r.get('/catalogs/entidades/:code/municipios', { schema: { tags, summary: 'Municipios de una entidad', params: EntidadParams } }, async (req) => {
    const items = await listMunicipios(req.ctx(), req.params.code);
    if (!items.length && !(await listEntidades(req.ctx())).some((e) => e.code === req.params.code)) throw notFound();
    return { items };
  });
  r.get('/catalogs/institution-types', { schema: { tags, summary: 'Tipos de institución' } }, async (req) => ({ items: await listInstitutionTypes(req.ctx()) }));
  r.get('/catalogs/offences', { schema: { tags, summary: 'Delitos y faltas administrativas', querystring: z.strictObject({ kind: z.enum(['delito', 'falta']).optional() }) } }, async (req) => ({ items: await listOffences(req.ctx(), req.query.kind) }));
  r.get('/catalogs/roles', { schema: { tags, summary: 'Roles y permisos' } }, async () => ({ items: listRoles() }));
};
