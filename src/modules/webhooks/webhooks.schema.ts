import { z } from 'zod';

/** The events a subscription may ask for (emitted by src/modules/alerts for every kind of alert). */
export const WEBHOOK_EVENTS = ['alert.raised', 'alert.acknowledged', 'alert.confirmed', 'alert.dismissed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https to any host; plain http only to this machine (development, tests, a local relay). */
export function webhookUrlAllowed(raw: string): boolean {
  let u: URL;
  try { u = new URL(raw); } catch { return false; }
  if (u.username || u.password) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

const Url = z.string({ message: 'field.webhook_url' }).trim().max(2000, 'field.text_too_long').refine(webhookUrlAllowed, { message: 'field.webhook_url' });
const Events = z.array(z.enum(WEBHOOK_EVENTS, { message: 'field.webhook_events' })).min(1, 'field.webhook_events').max(WEBHOOK_EVENTS.length);

export const WebhookCreate = z.strictObject({
  url: Url,
  events: Events.default(['alert.raised']),
  description: z.string().trim().max(300, 'field.text_too_long').nullable().optional(),
  /** 'institution': alerts issued by the institution; 'entidad': every alert issued in the institution's entidad. */
  scope: z.enum(['institution', 'entidad'], { message: 'field.webhook_scope' }).default('institution'),
  /** Only for administrators of a wider territory: the institution subscribing (default: the actor's). */
  institution_id: z.number({ message: 'field.webhook_institution' }).int().positive('field.webhook_institution').optional(),
});
export type WebhookCreateInput = z.infer<typeof WebhookCreate>;

export const WebhookUpdate = z.strictObject({
  url: Url.optional(),
  events: Events.optional(),
  description: z.string().trim().max(300, 'field.text_too_long').nullable().optional(),
  active: z.boolean({ message: 'field.webhook_active' }).optional(),
});
export type WebhookUpdateInput = z.infer<typeof WebhookUpdate>;

export const WebhookIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export const DeliveryParams = z.strictObject({ id: z.coerce.number().int().positive(), deliveryId: z.coerce.number().int().positive() });
export const DeliveryQuery = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed'], { message: 'field.webhook_delivery_status' }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
});
export type DeliveryQueryInput = z.infer<typeof DeliveryQuery>;

export const messages = {
  es: {
    webhook_not_found: 'No se encontró la suscripción de webhook.',
    webhook_delivery_not_found: 'No se encontró la entrega.',
    'field.webhook_url': 'URL inválida: debe ser https:// (o http:// solo hacia 127.0.0.1 o localhost)',
    'field.webhook_events': `eventos válidos: ${WEBHOOK_EVENTS.join(', ')} (al menos uno)`,
    'field.webhook_scope': 'debe ser institution o entidad',
    'field.webhook_institution': 'institución inexistente o fuera de su territorio',
    'field.webhook_active': 'debe ser verdadero o falso',
    'field.webhook_delivery_status': 'debe ser pending, delivered o failed',
  },
  en: {
    webhook_not_found: 'Webhook subscription not found.',
    webhook_delivery_not_found: 'Delivery not found.',
    'field.webhook_url': 'invalid URL: must be https:// (or http:// only to 127.0.0.1 or localhost)',
    'field.webhook_events': `valid events: ${WEBHOOK_EVENTS.join(', ')} (at least one)`,
    'field.webhook_scope': 'must be institution or entidad',
    'field.webhook_institution': 'institution does not exist or is outside your territory',
    'field.webhook_active': 'must be true or false',
    'field.webhook_delivery_status': 'must be pending, delivered or failed',
  },
};
