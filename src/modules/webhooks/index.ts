import type { SerenoModule } from '../../core/module.js';
import { WebhookDeliverer } from './webhooks.deliverer.js';
import { webhookHandlers } from './webhooks.handlers.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { messages } from './webhooks.schema.js';

export { WebhookDeliverer, pruneDeliveries, type DelivererOptions } from './webhooks.deliverer.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER } from './webhooks.sign.js';
export { WEBHOOK_EVENTS } from './webhooks.schema.js';

/** Webhooks for state systems: HMAC-signed alert events, retried with back-off, delivery log (issue 4). */
export const webhooksModule: SerenoModule = {
  name: 'webhooks', routes: webhooksRoutes, handlers: webhookHandlers, messages,
  workers: (database, config) => [new WebhookDeliverer(database.db, { retentionDays: config?.WEBHOOK_RETENTION_DAYS ?? 0 })],
};
