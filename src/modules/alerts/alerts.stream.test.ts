import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { detentionWithPerson } from '../../../test/detention-bodies.js';

/** Reads server-sent events from a fetch body until `pred` accepts one (or the time runs out). */
async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, buf: { text: string }, pred: (e: { event: string; data: string }) => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  const dec = new TextDecoder();
  for (;;) {
    let i: number;
    while ((i = buf.text.indexOf('\n\n')) >= 0) {
      const block = buf.text.slice(0, i);
      buf.text = buf.text.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join('\n');
      if (data && pred({ event, data })) return { event, data };
    }
    if (Date.now() > deadline) throw new Error('no matching event in time');
    const { value, done } = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('stream timeout')), deadline - Date.now()))]);
    if (done) throw new Error('stream closed');
    buf.text += dec.decode(value, { stream: true });
  }
}

describe('live alerts over server-sent events (real listening server, live dispatcher)', () => {
  let t: TestApp;
  let base: string;
  const s: Record<'issuer14' | 'c5_14' | 'c5_09' | 'c5_07' | 'cap09', Session> = {} as never;

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    const inst14 = await f.institution('14', 'c5');
    const inst09 = await f.institution('09', 'c5');
    s.issuer14 = await login(t.app, (await f.user({ roles: ['national_admin'], entidad: '14', institutionId: inst14.id })).username);
    s.c5_14 = await login(t.app, (await f.user({ roles: ['c5_operator'], entidad: '14', institutionId: inst14.id })).username);
    s.c5_09 = await login(t.app, (await f.user({ roles: ['c5_operator'], entidad: '09', institutionId: inst09.id })).username);
    s.c5_07 = await login(t.app, (await f.user({ roles: ['c5_operator'], entidad: '07' })).username);
    s.cap09 = await login(t.app, (await f.user({ roles: ['capturist'], entidad: '09', institutionId: inst09.id })).username);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
    await t.dispatcher.start();
  });
  afterAll(async () => {
    await t.dispatcher.stop();
    await t.close();
  });

  const open = async (session: Session) => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/api/alerts/stream`, { headers: { cookie: session.cookie }, signal: ctl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return { ctl, reader: res.body!.getReader(), buf: { text: '' } };
  };

  it('pushes the alert to the issuer (full) and the hit entidad (reduced), not to others; the C5 acknowledges it', async () => {
    const unauth = await fetch(`${base}/api/alerts/stream`);
    expect(unauth.status).toBe(401);
    const created = await as(t.app, s.issuer14).post('/api/targets', {
      persona: { nombre: 'Guillermo', apellido_paterno: 'Villalobos', apellido_materno: 'Sáenz', alias: ['El Memo'], sexo: 'H' },
      reason: 'Orden de aprehensión por homicidio', classification: 'orden_de_aprehension', contact: { nombre: 'C5 Jalisco' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const target = created.json();

    const c5 = await open(s.c5_14);
    const hitSide = await open(s.c5_09);
    const other = await open(s.c5_07);

    const startedAt = Date.now();
    const det = await as(t.app, s.cap09).post('/api/detentions', detentionWithPerson(new Date(t.clock.now().getTime() - 20 * 60_000), {
      lugar: { entidad: '09', municipio: null }, offence_codes: [],
      persona: { nombre: 'Memo', apellido_paterno: 'Bilalobos', apellido_materno: 'Saenz', edad: 41, sexo: 'H', alias: [] },
    }));
    expect(det.statusCode, det.body).toBe(201);

    const ev = await nextEvent(c5.reader, c5.buf, (e) => e.event === 'alert');
    const latencyMs = Date.now() - startedAt;
    const alert = JSON.parse(ev.data);
    expect(alert).toMatchObject({ side: 'issuer', status: 'new', target: { id: target.id }, hit: { entidad: '09', label: det.json().folio } });
    expect(latencyMs).toBeLessThan(5000);

    const reduced = JSON.parse((await nextEvent(hitSide.reader, hitSide.buf, (e) => e.event === 'alert')).data);
    expect(reduced).toMatchObject({ id: alert.id, side: 'hit', issuer: { entidad: '14' } });
    expect(reduced.target).toBeUndefined();

    await expect(nextEvent(other.reader, other.buf, (e) => e.event === 'alert', 500)).rejects.toThrow();

    const ack = await fetch(`${base}/api/alerts/${alert.id}/acknowledge`, {
      method: 'POST', headers: { cookie: s.c5_14.cookie, 'x-csrf-token': s.c5_14.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'Visto en vivo' }),
    });
    expect(ack.status).toBe(200);
    expect((await ack.json()).status).toBe('acknowledged');

    for (const c of [c5, hitSide, other]) c.ctl.abort();
    // The server drops its listener when the client goes away.
    await new Promise((r) => setTimeout(r, 100));
    const { alertBus } = await import('./alerts.bus.js');
    expect(alertBus.listenerCount('alert')).toBe(0);
  });
});
