import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MatchBody, SearchBody } from './entities.schema.js';
import * as svc from './entities.service.js';

/** Person search and the /match API over the entity index; reason required and audited. */
export const entitiesRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['personas'];
  r.post('/search/persons', { schema: { tags, summary: 'Buscar personas en todos los registros visibles (motivo obligatorio)', body: SearchBody } }, (req) => svc.searchPersons(req.ctx(), req.body));
  r.post('/match/persons', { schema: { tags, summary: 'Cotejar una persona: candidatos ordenados con puntuación y rasgos (motivo obligatorio)', body: MatchBody } }, (req) => svc.matchPersons(req.ctx(), req.body));
};
