import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import client from 'prom-client';
import { z } from 'zod';
import { PUBLIC_ACTOR, type Actor } from './access.js';
import { actorFromApiKey, actorFromSession, API_KEYS_CHANNEL, CSRF_COOKIE, forgetApiKeys, SESSION_COOKIE } from './auth/resolve.js';
import { safeEqual } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import type { Database } from './db.js';
import { AppError, unauthenticated } from './errors.js';
import { errorHandler, zodValidatorCompiler } from './http.js';
import { langFromHeader, registerMessages } from './i18n.js';
import type { SerenoModule } from './module.js';
import type { OutboxDispatcher } from './outbox.js';

export const VERSION = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

export interface AppDeps {
  config: Config;
  database: Database;
  dispatcher?: OutboxDispatcher;
  modules: SerenoModule[];
  /** Built web bundle to serve at `/`, if any. */
  webDir?: string | null;
  /** Replaceable clock (tests). */
  clock?: () => Date;
  logger?: boolean | object;
}

declare module 'fastify' {
  interface FastifyInstance {
    sereno: { database: Database; config: Config; clock: () => Date; dispatcher?: OutboxDispatcher; demo: boolean };
  }
  interface FastifyRequest {
    actor: Actor;
    csrfToken: string | null;
    /** The service context for this request. */
    ctx(): Ctx;
  }
  interface FastifyContextConfig {
    /** 'public' routes need no session; everything else answers 401 without one. */
    auth?: 'public' | 'required';
    /** An upload route's file size limit as the user reads it ("10 MB"): named when a file exceeds it. */
    fileLimit?: string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PASSWORD_CHANGE_ALLOWED = new Set(['GET /api/auth/me', 'POST /api/auth/password', 'POST /api/auth/logout', 'GET /api/catalogs/roles']);

/** Builds the application as a plugin tree; never listens by itself (fastify/demo style). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    logger: deps.logger ?? { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  for (const m of deps.modules) {
    if (m.messages) for (const lang of ['es', 'en'] as const) registerMessages(lang, m.messages[lang] ?? {});
  }

  const demo = await database.db.selectFrom('settings').select('value').where('key', '=', 'demo_loaded').executeTakeFirst().then((r) => !!r).catch(() => false);
  app.decorate('sereno', { database, config, clock, dispatcher: deps.dispatcher, demo });
  // A key revoked by any process is forgotten by this one's API-key cache at once.
  const unlistenKeys = await database.listen(API_KEYS_CHANNEL, () => forgetApiKeys(database.db)).catch(() => null);
  app.addHook('onClose', async () => { await unlistenKeys?.(); });
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('lang', 'es');
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    return { db: database.db, actor: this.actor, now: clock };
  });

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  // External plugins first.
  // Security headers (CSP, frame, MIME sniffing, referrer, HSTS behind HTTPS), built ONCE: @fastify/helmet builds the
  // helmet middleware again at every request, re-parsing the CSP directives (3% of the server's CPU under load).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"], fontSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"], upgradeInsecureRequests: null,
      },
    },
    hsts: config.COOKIE_SECURE ? undefined : false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cors, { origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, credentials: true });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate_limited'), { statusCode: ctx.statusCode, after: ctx.after }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Sereno API', version: VERSION, description: 'API de la plataforma Sereno. Errores: `{ error: { code, message, details } }`; mensajes en español o en inglés con `Accept-Language: en`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Clave de API `srn_…` de un sistema estatal' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, logLevel: 'warn' });

  // Metrics.
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'sereno_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  // Who is asking, in which language.
  app.addHook('onRequest', async (req) => {
    req.lang = langFromHeader(req.headers['accept-language']);
    const info = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id, lang: req.lang };
    req.actor = { ...PUBLIC_ACTOR, ...info };
    if (req.url.startsWith('/api/docs') || req.url === '/api/health') return;
    const auth = req.headers.authorization;
    const now = clock();
    if (auth?.startsWith('Bearer ')) {
      const actor = await actorFromApiKey(database.db, auth.slice(7).trim(), info, now);
      if (!actor) throw unauthenticated('invalid_api_key');
      req.actor = actor;
      return;
    }
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const s = await actorFromSession(database.db, token, info, now);
      if (s) { req.actor = s.actor; req.csrfToken = s.csrfToken; }
    }
  });
  // Authentication runs before validation, so a request without a session learns nothing about the schema.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.auth === 'public' || req.url.startsWith('/api/docs')) return;
    if (!req.routeOptions.url) return; // 404s are answered by the not-found handler
    if (!req.routeOptions.url.startsWith('/api/')) return; // the web bundle's static files are public
    if (req.actor.type === 'public') throw unauthenticated();
    if (req.actor.mustChangePassword && !PASSWORD_CHANGE_ALLOWED.has(`${req.method} ${req.routeOptions.url}`)) throw new AppError('password_change_required', 403);
    if (req.csrfToken && UNSAFE.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, req.csrfToken)) throw new AppError('csrf_failed', 403);
    }
  });

  // Operations.
  app.get('/api/health', { config: { auth: 'public' }, schema: { tags: ['operación'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  app.get('/api/ready', { config: { auth: 'public' }, schema: { tags: ['operación'] } }, async () => {
    try {
      await sql`SELECT 1`.execute(database.db);
    } catch {
      throw new AppError('database_unavailable', 503);
    }
    return { status: 'ready' };
  });
  app.get('/api/meta', { config: { auth: 'public' }, schema: { tags: ['operación'] } }, async () => ({
    name: 'Sereno', version: VERSION, demo: app.sereno.demo, database: database.kind,
  }));
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  // Modules.
  for (const m of deps.modules) if (m.routes) await app.register(m.routes, { prefix: '/api' });

  // The web bundle, with the SPA's client-side routes falling back to index.html.
  const webDir = deps.webDir && fs.existsSync(path.join(deps.webDir, 'index.html')) ? deps.webDir : null;
  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'], maxAge: '1h' });
  app.setNotFoundHandler(async (req, reply) => {
    if (webDir && req.method === 'GET' && !req.url.startsWith('/api') && !req.url.startsWith('/metrics')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webDir);
    }
    throw new AppError('route_not_found', 404, { method: req.method, url: req.url.split('?')[0] });
  });
  return app;
}
