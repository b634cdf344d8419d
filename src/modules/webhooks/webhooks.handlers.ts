import type { Database } from '../../core/db.js';
import type { EventHandler } from '../../core/outbox.js';
import { deliveriesQueued } from './webhooks.deliverer.js';
import { WEBHOOK_EVENTS } from './webhooks.schema.js';
import { enqueueAlertEvent } from './webhooks.service.js';

/** Every alert event becomes one delivery per matching subscription (idempotent), then this process's deliverer wakes. */
export function webhookHandlers(_database: Database): EventHandler[] {
  return [{
    name: 'webhooks.enqueue',
    types: [...WEBHOOK_EVENTS],
    async handle(event, db) {
      if (await enqueueAlertEvent(db, event)) deliveriesQueued.emit('queued');
    },
  }];
}
