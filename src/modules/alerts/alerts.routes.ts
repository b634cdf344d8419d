import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../core/access.js';
import { alertBus } from './alerts.bus.js';
import { AcknowledgeBody, AlertIdParams, AlertQuery, ResolveBody, VehicleWorkBody, type AlertRow } from './alerts.schema.js';
import * as svc from './alerts.service.js';

/** Seconds between SSE heartbeat comments (keeps proxies from closing an idle stream). */
export const SSE_HEARTBEAT_MS = 15_000;

/** Alerts: list, read, work (issuer side), and the live stream scoped to the actor. */
export const alertsRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['alertas'];
  const open = new Set<ServerResponse>();
  app.addHook('onClose', async () => { for (const res of open) res.end(); open.clear(); });

  r.get('/alerts', { schema: { tags, summary: 'Listar alertas (emitidas por mi territorio o con coincidencia en él)', querystring: AlertQuery } }, (req) => svc.listAlerts(req.ctx(), req.query));
  r.get('/alerts/stream', { schema: { tags, summary: 'Alertas en vivo (server-sent events), según el territorio del usuario' } }, async (req, reply) => {
    requirePermission(req.actor, 'alert.read');
    const actor = req.actor;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: conectado\n\n');
    open.add(res);
    const onAlert = (row: AlertRow) => {
      const body = svc.presentAlert(actor, row);
      if (body) res.write(`id: ${row.id}\nevent: alert\ndata: ${JSON.stringify(body)}\n\n`);
    };
    alertBus.on('alert', onAlert);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => { clearInterval(heartbeat); alertBus.off('alert', onAlert); open.delete(res); };
    req.raw.socket.on('close', cleanup);
    res.on('close', cleanup);
  });
  r.get('/alerts/:id', { schema: { tags, summary: 'Ver alerta', params: AlertIdParams } }, (req) => svc.getAlert(req.ctx(), req.params.id));
  r.post('/alerts/:id/acknowledge', { schema: { tags, summary: 'Acusar recibo de una alerta', params: AlertIdParams, body: AcknowledgeBody } },
    (req) => svc.acknowledgeAlert(req.ctx(), req.params.id, req.body.reason ?? null));
  r.post('/alerts/:id/dispatch', { schema: { tags, summary: 'Alerta vehicular: unidades enviadas', params: AlertIdParams, body: VehicleWorkBody } },
    (req) => svc.workVehicleAlert(req.ctx(), req.params.id, 'dispatch', req.body.reason ?? null));
  r.post('/alerts/:id/recovered', { schema: { tags, summary: 'Alerta vehicular: vehículo recuperado (se registra la recuperación)', params: AlertIdParams, body: VehicleWorkBody } },
    (req) => svc.workVehicleAlert(req.ctx(), req.params.id, 'recovered', req.body.reason ?? null));
  r.post('/alerts/:id/dismiss-vehicle', { schema: { tags, summary: 'Alerta vehicular: descartar (no es el vehículo)', params: AlertIdParams, body: ResolveBody } },
    (req) => svc.workVehicleAlert(req.ctx(), req.params.id, 'dismiss', req.body.reason));
  r.post('/alerts/:id/confirm', { schema: { tags, summary: 'Confirmar una alerta (es la persona)', params: AlertIdParams, body: ResolveBody } },
    (req) => svc.workAlert(req.ctx(), req.params.id, 'confirm', req.body.reason));
  r.post('/alerts/:id/dismiss', { schema: { tags, summary: 'Descartar una alerta (no es la persona; el par no vuelve a alertar)', params: AlertIdParams, body: ResolveBody } },
    (req) => svc.workAlert(req.ctx(), req.params.id, 'dismiss', req.body.reason));
};
