import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from './helper.js';

describe('bad input gets a 4xx envelope naming the problem, never a 500', () => {
  let t: TestApp;
  let s: Session;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
    const u = await factories(t.database).user({ roles: ['national_admin'], entidad: null });
    s = await login(t.app, u.username);
  });
  afterAll(() => t.close());

  const post = (payload: string, headers: Record<string, string> = {}) => t.app.inject({
    method: 'POST', url: '/api/admin/institutions', payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json', ...headers },
  });

  it('malformed JSON', async () => {
    const res = await post('{"name": "x",');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
    expect(res.json().error.message).toMatch(/no es JSON válido/);
  });

  it('wrong type, named by field, in Spanish and in English', async () => {
    const res = await post(JSON.stringify({ name: 42, type: 'c5', entidad: '14' }));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues[0]).toMatchObject({ path: 'name', code: 'invalid_type' });
    expect(body.error.message).toMatch(/^La solicitud tiene datos inválidos: name: /);
    expect(body.error.details.issues[0].message).toBe('debe ser texto; se recibió un número');
    const en = await post(JSON.stringify({ name: 42, type: 'c5', entidad: '14' }), { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('The request has invalid data: name: must be text; got a number');
    // A missing field, text where a number goes, a length: in plain words.
    const missing = await post(JSON.stringify({ type: 'c5', entidad: '14' }));
    expect(missing.json().error.details.issues[0]).toMatchObject({ path: 'name', message: 'es obligatorio' });
    const short = await post(JSON.stringify({ name: 'C', type: 'c5', entidad: '14' }), { 'accept-language': 'en' });
    expect(short.json().error.details.issues[0].message).toMatch(/^must have at least \d+ characters$/);
  });

  it('unknown field', async () => {
    const res = await post(JSON.stringify({ name: 'C5 Jalisco', type: 'c5', entidad: '14', colour: 'red' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0]).toMatchObject({ path: 'colour', code: 'unrecognized_keys' });
  });

  it('a field rule from the schema speaks the domain', async () => {
    const res = await post(JSON.stringify({ name: 'C5 Jalisco', type: 'c5', entidad: '33' }));
    expect(res.json().error.details.issues[0]).toMatchObject({ path: 'entidad', message: 'no es una entidad federativa (01–32)' });
  });

  it('a duplicate answers 409 naming the field: an institution\'s name, taken in its entidad, on create and on rename', async () => {
    const first = await post(JSON.stringify({ name: 'C5 Zapopan', type: 'c5', entidad: '14' }));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(JSON.stringify({ name: 'c5 zapopan', type: 'c5', entidad: '14' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'institution_name_taken', message: 'Ya existe una institución llamada «c5 zapopan» en esa entidad.' });
    expect(again.json().error.details.issues).toHaveLength(1);
    expect(again.json().error.details.issues[0]).toMatchObject({ path: 'name', message: 'ya existe una institución con este nombre en la entidad' });
    // Another entidad may use the name.
    expect((await post(JSON.stringify({ name: 'C5 Zapopan', type: 'c5', entidad: '09' }))).statusCode).toBe(201);
    const other = await post(JSON.stringify({ name: 'C5 Tlaquepaque', type: 'c5', entidad: '14' }));
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/admin/institutions/${other.json().id}`, payload: { name: 'C5 ZAPOPAN' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en' } });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.message).toBe('An institution named "C5 ZAPOPAN" already exists in that entidad.');
    expect(renamed.json().error.details.issues[0].path).toBe('name');
  });

  it('an upload over its size limit, or with more parts than the route takes: 413 in the user\'s language, naming the limit', async () => {
    const boundary = 'sereno-test-boundary';
    const form = (parts: { name: string; value: string | Buffer; file?: string }[]) => ({
      payload: Buffer.concat([...parts.flatMap((p) => [
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.file}"\r\nContent-Type: text/plain` : ''}\r\n\r\n`),
        Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'),
      ]), Buffer.from(`--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    const big = form([{ name: 'file', file: 'acta.txt', value: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') }]);
    const tooBig = await t.app.inject({ method: 'POST', url: '/api/agreements/import/preview', ...big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toMatchObject({ code: 'file_too_large', message: 'El archivo excede el tamaño máximo que admite esta operación (10 MB).' });
    const en = await t.app.inject({ method: 'POST', url: '/api/agreements/import/preview', payload: big.payload, headers: { ...big.headers, 'accept-language': 'en' } });
    expect(en.json().error.message).toBe('The file exceeds the largest size this operation accepts (10 MB).');

    const many = form([...Array.from({ length: 7 }, (_, i) => ({ name: `campo${i}`, value: 'x' })), { name: 'file', file: 'd.csv', value: 'external_id\n' }]);
    const tooMany = await t.app.inject({ method: 'POST', url: '/api/detentions/import', ...many });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error).toMatchObject({ code: 'multipart_too_many', message: expect.stringMatching(/^El formulario trae más partes de las que admite esta operación/) });
  });

  it('oversized body', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(10_000), type: 'c5', entidad: '14' }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'body_too_large' });
    expect(res.json().error.message).toContain('4096');
  });

  it('wrong content type and empty body', async () => {
    const xml = await post('<x/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
    const empty = await post('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('empty_body');
  });

  it('bad query and path parameters', async () => {
    const q = await as(t.app, s).get('/api/admin/users?page=0');
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details.issues[0].path).toBe('query.page');
    const p = await as(t.app, s).get('/api/admin/users/abc');
    expect(p.statusCode).toBe(400);
    expect(p.json().error.details.issues[0].path).toBe('params.id');
  });

  it('unknown route and unknown record', async () => {
    const r = await as(t.app, s).get('/api/no-such-thing');
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'route_not_found', message: 'La ruta GET /api/no-such-thing no existe.' });
    const u = await as(t.app, s).get('/api/admin/users/999999');
    expect(u.json().error).toMatchObject({ code: 'user_not_found', message: 'No se encontró el usuario.' });
  });

});

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('health, readiness, metrics, OpenAPI 3.1 and security headers', async () => {
    const h = await t.app.inject('/api/health');
    expect(h.json()).toEqual({ status: 'ok' });
    expect(h.headers['x-content-type-options']).toBe('nosniff');
    expect(h.headers['content-security-policy']).toContain("default-src 'self'");
    expect(h.headers['access-control-allow-origin']).toBeUndefined();
    expect((await t.app.inject('/api/ready')).json()).toEqual({ status: 'ready' });
    const m = await t.app.inject('/metrics');
    expect(m.body).toContain('sereno_http_request_duration_seconds');
    const o = await t.app.inject('/api/openapi.json');
    const doc = o.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/admin/users'].get.parameters.map((p: { name: string }) => p.name)).toContain('entidad');
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    const pre = await t.app.inject({ method: 'OPTIONS', url: '/api/health', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });
});
