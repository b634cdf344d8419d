import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DeliveryParams, DeliveryQuery, WebhookCreate, WebhookIdParams, WebhookUpdate } from './webhooks.schema.js';
import * as svc from './webhooks.service.js';

/** Webhook subscriptions of state systems and their delivery log. */
export const webhooksRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];
  r.post('/webhooks', { schema: { tags, summary: 'Suscribir una URL a eventos de alertas (el secreto de firma se muestra una sola vez)', body: WebhookCreate } },
    async (req, reply) => reply.status(201).send(await svc.createWebhook(req.ctx(), req.body)));
  r.get('/webhooks', { schema: { tags, summary: 'Listar suscripciones del territorio' } }, (req) => svc.listWebhooks(req.ctx()));
  r.get('/webhooks/:id', { schema: { tags, summary: 'Ver suscripción', params: WebhookIdParams } }, (req) => svc.getWebhook(req.ctx(), req.params.id));
  r.patch('/webhooks/:id', { schema: { tags, summary: 'Cambiar URL, eventos o pausar/reanudar', params: WebhookIdParams, body: WebhookUpdate } }, (req) => svc.updateWebhook(req.ctx(), req.params.id, req.body));
  r.post('/webhooks/:id/rotate-secret', { schema: { tags, summary: 'Nuevo secreto de firma (se muestra una sola vez)', params: WebhookIdParams } }, (req) => svc.rotateWebhookSecret(req.ctx(), req.params.id));
  r.get('/webhooks/:id/deliveries', { schema: { tags, summary: 'Bitácora de entregas', params: WebhookIdParams, querystring: DeliveryQuery } }, (req) => svc.listDeliveries(req.ctx(), req.params.id, req.query));
  r.get('/webhooks/:id/deliveries/:deliveryId', { schema: { tags, summary: 'Una entrega con el cuerpo enviado y cada intento', params: DeliveryParams } }, (req) => svc.getDelivery(req.ctx(), req.params.id, req.params.deliveryId));
};
