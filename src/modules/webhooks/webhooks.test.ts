import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { pruneDeliveries, WebhookDeliverer } from './webhooks.deliverer.js';
import { verifyWebhook } from './webhooks.sign.js';

/** A valid POST /api/detentions body in Ciudad de México (built here: a module's tests import other modules' index.ts only). */
function detentionIn09(now: Date, persona: Record<string, unknown>) {
  return {
    persona: { senas_particulares: 'Tatuaje en el antebrazo', ...persona },
    lugar: { entidad: '09', municipio: null, domicilio: 'Calle 5 de Mayo 10', lat: 19.43, lon: -99.13 },
    fecha_hora_detencion: new Date(now.getTime() - 20 * 60_000).toISOString(),
    motivo: 'Detenido en flagrancia al sustraer una bolsa a una transeúnte', tipo: 'hecho_probablemente_delictivo', supuesto: 'flagrancia', offence_codes: [],
    autoridad_detencion: { agentes: [{ nombre: 'Luis Ramírez Soto', cargo: 'Policía Primero', unidad: 'Sector Centro' }] },
    autoridad_destino: { tipo: 'ministerio_publico', nombre: 'Agencia del Ministerio Público de Detenidos' },
    lugar_traslado: 'Agencia del Ministerio Público de Detenidos',
  };
}

/** The outside world: a state system's HTTP receiver on 127.0.0.1 that answers from a script of status codes. */
function receiver(script: number[]) {
  const got: { headers: http.IncomingHttpHeaders; body: string; at: number }[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body, at: Date.now() });
      res.writeHead(script[got.length - 1] ?? 200, { 'content-type': 'text/plain' }).end('ok');
      waiters.splice(0).forEach((w) => w());
    });
  });
  return {
    got,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sereno/alertas`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async waitFor(n: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (got.length < n) {
        if (Date.now() > deadline) throw new Error(`receiver got ${got.length} of ${n} requests`);
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
  };
}

describe('webhooks: signed, retried, logged deliveries of alert events', () => {
  let t: TestApp;
  const s: Record<'admin14' | 'admin09' | 'issuer14' | 'cap09' | 'c5_14', Session> = {} as never;
  const rx = receiver([500, 200, 200, 200]);
  let url: string;
  let deliverer: WebhookDeliverer;
  const fast = { pollMs: 50, backoffMs: () => 300, maxAttempts: 3 };

  beforeAll(async () => {
    t = await createTestApp();
    url = await rx.listen();
    const f = factories(t.database);
    const inst14 = await f.institution('14', 'c5', 'C5 Jalisco');
    const inst09 = await f.institution('09', 'c5', 'C5 CDMX');
    s.admin14 = await login(t.app, (await f.user({ roles: ['state_admin'], entidad: '14', institutionId: inst14.id })).username);
    s.admin09 = await login(t.app, (await f.user({ roles: ['state_admin'], entidad: '09', institutionId: inst09.id })).username);
    s.issuer14 = await login(t.app, (await f.user({ roles: ['national_admin'], entidad: '14', institutionId: inst14.id })).username);
    s.c5_14 = await login(t.app, (await f.user({ roles: ['c5_operator'], entidad: '14', institutionId: inst14.id })).username);
    s.cap09 = await login(t.app, (await f.user({ roles: ['capturist'], entidad: '09', institutionId: inst09.id })).username);
    await t.dispatcher.start();
  });
  afterAll(async () => {
    await deliverer?.stop();
    await t.dispatcher.stop();
    await t.close();
    await rx.close();
  });

  it('validates the subscription and names the field, in Spanish or English', async () => {
    const bad = await as(t.app, s.admin14).post('/api/webhooks', { url: 'http://example.com/hook' });
    expect(bad.statusCode).toBe(400);
    const issue = bad.json().error.details.issues.find((i: { path: string }) => i.path === 'url');
    expect(issue.message).toMatch(/https/);
    expect(issue.message).toMatch(/debe ser/);
    const en = await as(t.app, s.admin14).post('/api/webhooks', { url: 'ftp://127.0.0.1/x', events: ['alert.exploded'] }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(400);
    const paths = en.json().error.details.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`);
    expect(paths.join('\n')).toMatch(/url: invalid URL/);
    expect(paths.join('\n')).toMatch(/events\.0: valid events/);
    expect((await as(t.app, s.c5_14).post('/api/webhooks', { url })).statusCode).toBe(403);
  });

  it('delivers alert.raised signed with HMAC-SHA256, retries after a 500, logs every attempt; survives a deliverer restart', async () => {
    const created = await as(t.app, s.admin14).post('/api/webhooks', { url, description: 'Sistema estatal de Jalisco' });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json();
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(sub.events).toEqual(['alert.raised']);
    const read = await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}`);
    expect(read.json().secret).toBeUndefined();
    expect((await as(t.app, s.admin09).get(`/api/webhooks/${sub.id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.admin09).get(`/api/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);

    deliverer = new WebhookDeliverer(t.database.db, fast);
    await deliverer.start();
    const target = await as(t.app, s.issuer14).post('/api/targets', {
      persona: { nombre: 'Guillermo', apellido_paterno: 'Villalobos', apellido_materno: 'Sáenz', alias: ['El Memo'], sexo: 'H' },
      reason: 'Orden de aprehensión por homicidio', classification: 'orden_de_aprehension', contact: { nombre: 'C5 Jalisco' },
    });
    expect(target.statusCode, target.body).toBe(201);
    const det = await as(t.app, s.cap09).post('/api/detentions', detentionIn09(t.clock.now(), { nombre: 'Memo', apellido_paterno: 'Bilalobos', apellido_materno: 'Saenz', edad: 41, sexo: 'H', alias: [] }));
    expect(det.statusCode, det.body).toBe(201);

    // First attempt: the receiver answers 500. Stop this deliverer (a process restart); a new one sends the retry.
    await rx.waitFor(1);
    await deliverer.stop();
    deliverer = new WebhookDeliverer(t.database.db, fast);
    await deliverer.start();
    await rx.waitFor(2);

    const [first, second] = rx.got;
    expect(second.at - first.at).toBeGreaterThanOrEqual(250);
    for (const r of [first, second]) {
      expect(verifyWebhook(sub.secret, r.body, r.headers['sereno-signature'] as string)).toBe(true);
      expect(verifyWebhook('whsec_wrong', r.body, r.headers['sereno-signature'] as string)).toBe(false);
      expect(verifyWebhook(sub.secret, r.body.replace('"status":"new"', '"status":"confirmed"'), r.headers['sereno-signature'] as string)).toBe(false);
      expect(r.headers['sereno-event']).toBe('alert.raised');
    }
    expect(first.body).toBe(second.body);
    expect(first.headers['sereno-event-id']).toBe(second.headers['sereno-event-id']);
    expect([first.headers['sereno-attempt'], second.headers['sereno-attempt']]).toEqual(['1', '2']);
    const body = JSON.parse(second.body);
    expect(body).toMatchObject({ type: 'alert.raised', data: { kind: 'person', issuer_entidad: '14', hit_entidad: '09', target_id: target.json().id, record_label: det.json().folio, status: 'new' } });
    expect(body.data.alert_id).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain('Villalobos'); // the target's identity stays in Sereno
    // A stale timestamp is refused by the receiver-side check (replay protection).
    expect(verifyWebhook(sub.secret, second.body, second.headers['sereno-signature'] as string, new Date(Date.now() + 600_000))).toBe(false);

    // The receiver answered before the deliverer wrote its log row: wait for it.
    let log = (await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}/deliveries`)).json();
    for (let i = 0; i < 50 && log.items[0]?.status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      log = (await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}/deliveries`)).json();
    }
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null, next_attempt_at: null, event_type: 'alert.raised' });
    const one = (await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}/deliveries/${log.items[0].id}`)).json();
    expect(one.attempts).toHaveLength(2);
    expect(one.attempts[0]).toMatchObject({ attempt: 1, status_code: 500, error: 'HTTP 500' });
    expect(one.attempts[0].next_retry_at).not.toBeNull();
    expect(one.attempts[1]).toMatchObject({ attempt: 2, status_code: 200, error: null, next_retry_at: null });
    expect(one.body.data.alert_id).toBe(body.data.alert_id);

    // The outbox delivers the event again (at least once): no second delivery for the same subscription and event.
    const events = await t.database.db.selectFrom('outbox').selectAll().where('type', '=', 'alert.raised').execute();
    expect(events).toHaveLength(1);
    const { enqueueAlertEvent } = await import('./webhooks.service.js');
    expect(await enqueueAlertEvent(t.database.db, events[0] as never)).toBe(0);

    // Acknowledging emits alert.acknowledged, which this subscription did not ask for.
    const alertId = body.data.alert_id;
    expect((await as(t.app, s.c5_14).post(`/api/alerts/${alertId}/acknowledge`, {})).statusCode).toBe(200);
    await t.dispatcher.drain();
    expect((await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}/deliveries`)).json().total).toBe(1);
  });

  it('gives up after the last attempt against an unreachable URL and says why in the log; pausing stops new deliveries', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/hook`;
    await new Promise<void>((r) => dead.close(() => r()));
    const sub = (await as(t.app, s.admin14).post('/api/webhooks', { url: deadUrl, events: ['alert.raised', 'alert.dismissed'] })).json();
    const list = (await as(t.app, s.c5_14).get('/api/alerts')).json();
    const alertId = list.items[0].id;
    expect((await as(t.app, s.c5_14).post(`/api/alerts/${alertId}/dismiss`, { reason: 'No es la persona: otra fecha de nacimiento' })).statusCode).toBe(200);
    await t.dispatcher.drain();
    const deadline = Date.now() + 10_000;
    let d: { status: string; attempts: number; last_error: string; next_attempt_at: string | null } | undefined;
    while (Date.now() < deadline) {
      d = (await as(t.app, s.admin14).get(`/api/webhooks/${sub.id}/deliveries`)).json().items[0];
      if (d?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(d).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
    expect(d!.last_error).toMatch(/ECONNREFUSED|fetch failed/);

    const paused = await as(t.app, s.admin14).patch(`/api/webhooks/${sub.id}`, { active: false });
    expect(paused.json().active).toBe(false);
    const rotated = (await as(t.app, s.admin14).post(`/api/webhooks/${sub.id}/rotate-secret`)).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(sub.secret);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'webhook.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook.secret_rotated', 'webhook.subscribed', 'webhook.subscribed', 'webhook.updated']);
  });

  it('delivers a stolen-vehicle hit from a plate reader as alert.raised of kind vehicle to the report\'s state system', async () => {
    const rx2 = receiver([200]);
    const url2 = await rx2.listen();
    const sub = (await as(t.app, s.admin14).post('/api/webhooks', { url: url2, scope: 'entidad' })).json();
    const cap14 = await login(t.app, (await factories(t.database).user({ roles: ['capturist'], entidad: '14' })).username);
    const report = await as(t.app, cap14).post('/api/vehicles/reports', {
      source: 'fiscalia', external_id: 'wh-veh-1', plate: 'JKL-123-4', plate_entidad: '14', make: 'Nissan', model: 'Versa', year: 2019,
      with_violence: true, stolen_at: '2026-11-23T08:00:00-06:00', lat: 20.67, lon: -103.35, place: 'Av. Vallarta', carpeta: 'CI-JAL-2026-1',
    });
    expect(report.statusCode, report.body).toBe(201);
    await t.dispatcher.drain();
    const cam = await as(t.app, s.cap09).post('/api/vehicles/cameras', { code: 'ARCO-WH-01', name: 'Arco Periférico Norte', lat: 19.49, lon: -99.2 });
    expect(cam.statusCode, cam.body).toBe(201);
    const reads = await as(t.app, s.cap09).post('/api/vehicles/reads', [{ camera_id: cam.json().id, read_at: t.clock.now().toISOString(), candidates: [{ plate: 'JKLI234', confidence: 0.91 }], lat: 19.49, lon: -99.2 }]);
    expect(reads.statusCode, reads.body).toBeLessThan(300);
    await t.dispatcher.drain();
    await rx2.waitFor(1);
    const body = JSON.parse(rx2.got[0].body);
    expect(verifyWebhook(sub.secret, rx2.got[0].body, rx2.got[0].headers['sereno-signature'] as string)).toBe(true);
    expect(body).toMatchObject({ type: 'alert.raised', data: { kind: 'vehicle', issuer_entidad: '14', hit_entidad: '09', registry: 'plate_read', target_id: report.json().id } });
    await rx2.close();
  });

  it('forgets finished deliveries (body and attempt log) after the retention period, keeps pending ones, and audits it', async () => {
    await deliverer.stop(); // settles the attempt in flight (the receiver may have answered before its outcome was written)
    const db = t.database.db;
    const byStatus = async () => Object.fromEntries((await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status`.execute(db)).rows.map((r) => [r.status, r.n]));
    const before = await byStatus();
    expect(before.delivered).toBeGreaterThan(0);
    expect(before.failed).toBeGreaterThan(0);
    // A delivery still pending, created years ago (not due before 2100, so no deliverer picks it up here), is never pruned.
    // The attempt log goes with its deliveries: its foreign key would refuse the delete otherwise.
    await sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
      SELECT min(id), 987654321, 'alert.raised', '{}', 'pending', 0, '2100-01-01T00:00:00Z', '2020-01-01T00:00:00Z' FROM webhook_subscriptions`.execute(db);
    const latest = Math.max(Date.now(), t.clock.now().getTime());
    // Nothing finished 30 days ago yet.
    expect(await pruneDeliveries(db, 30, new Date(latest))).toBe(0);
    expect(await pruneDeliveries(db, 30, new Date(latest + 31 * 86_400_000))).toBe(before.delivered + before.failed);
    expect(await byStatus()).toEqual({ pending: (before.pending ?? 0) + 1 });
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'webhook.deliveries_pruned').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ deliveries: before.delivered + before.failed, retention_days: 30 });
  });
});
