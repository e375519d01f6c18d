import path from 'node:path';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { AppContext } from './core/context.js';
import { ping } from './core/db/index.js';
import { negotiateLanguage, registerMessages, translator } from './core/i18n/index.js';
import type { AmtswegModule, HttpApp } from './core/module.js';
import { projectPath } from './core/paths.js';
import { localSecret } from './core/secrets.js';
import type { Tenant, TenantDirectory } from './core/tenancy.js';
import { NotFoundError } from './core/errors.js';
import { metricsContentType, metricsText, RequestDurations } from './web/metrics.js';
import { webMessages } from './web/messages.js';
import { AccessibilityPage, DataSourcesPage, ImprintPage, PrivacyPage } from './web/pages/legal.js';
import { registerTenantLook } from './web/tenant-look.js';
import { handleError, sendNotFound } from './web/problems.js';
import { sendPage } from './web/render.js';
import { RequestLog } from './web/request-log.js';
import { RouteTable } from './web/route-table.js';
import { securityHeaders } from './web/security-headers.js';
import { answerClientError } from './web/client-errors.js';
import { admitWritesOnePerTurn } from './web/write-admission.js';
import { guardInput } from './web/input-guard.js';
import type { View } from './web/view.js';
import { readTenantDataSources } from './web/data-sources.js';

declare module 'fastify' {
  interface FastifyRequest {
    view: View;
    issueCsrfToken(): string;
    /** Who is signed in, as the page header shows it; set by the identity module's hook. */
    viewUser: View['user'];
  }
  interface FastifyInstance {
    /** Every route registered, for the security tests that must cover them all. */
    routeTable: RouteTable;
  }
  interface FastifyContextConfig {
    /** Set to false on routes that are not reachable with a browser's cookies (none so far). */
    csrf?: boolean;
    /** Answers under any host name, also one no tenant lists (health check, metrics). */
    anyHost?: boolean;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cookieSecret(config: Config): string {
  return config.sessionSecret ?? localSecret(config.dataDir, 'session-secret', 32).toString('base64');
}

/**
 * Requests authenticated by a header cannot be forged by another site; they skip CSRF. A request
 * that a session cookie authenticates is checked even when it also carries an `Authorization`
 * header (a draft token, say): the cookie is what a forged request would ride on.
 */
function needsCsrfCheck(request: FastifyRequest): boolean {
  if (!unsafeMethods.has(request.method)) return false;
  if (request.routeOptions.config?.csrf === false) return false;
  return request.headers.authorization === undefined || Boolean(request.session);
}

/**
 * The site shown where no tenant can be: the 404 page of a host no tenant lists, and the answers to
 * requests too broken to name a host. It has no data; nothing is looked up under it.
 */
const noTenant: Tenant = { id: '', slug: '', name: 'Amtsweg', hosts: [] };

export interface BuildOptions {
  ctx: AppContext;
  modules: readonly AmtswegModule[];
  tenants: TenantDirectory;
}

export async function buildApp({ ctx, modules, tenants }: BuildOptions): Promise<HttpApp> {
  const { config } = ctx;
  registerMessages(webMessages); // the modules' catalogues come with the runtime (openRuntime)
  const headers = securityHeaders({ https: config.baseUrl.startsWith('https:') });
  /** The request's view, computed once; also for the framework's errors, whose request has no decorations. */
  const keepView = (request: FastifyRequest): View => {
    const query = request.query as Record<string, unknown> | undefined;
    const chosen = typeof query?.lang === 'string' ? query.lang : request.cookies?.lang;
    const lang = negotiateLanguage(chosen, request.headers['accept-language']);
    const view: View = {
      lang,
      t: translator(lang),
      tenant: tenants.forHost(request.hostname) ?? noTenant,
      path: request.url,
      extensions: ctx.extensions,
      csrfToken: () => request.issueCsrfToken(),
      ...(request.viewUser ? { user: request.viewUser } : {}),
    };
    Object.defineProperty(request, 'view', { value: view, configurable: true });
    return view;
  };
  const app = Fastify({
    loggerInstance: ctx.log,
    logController: new RequestLog(ctx.log),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    // A URL the router cannot decode (400) or a path parameter over its length (414) is answered
    // before any hook: with our headers and as a problem document or error page like any refusal.
    frameworkErrors: (error, request, reply) => {
      keepView(request);
      return handleError(error, request, reply.headers(headers));
    },
    clientErrorHandler: answerClientError(headers, (host) => tenants.forHost(host) ?? noTenant),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routeTable = new RouteTable();
  routeTable.install(app); // before any route, so none is missed
  app.decorate('routeTable', routeTable);
  // Synchronous hooks: an async hook costs a promise and a turn of the microtask queue per request.
  // First, so that every answer has the headers, also a refusal by the hooks after it.
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  admitWritesOnePerTurn(app); // what the other hooks do for a write waits for its turn too
  guardInput(app); // before any hook that reads the request into a query

  // The view is computed lazily: most API requests never render a page.
  app.decorateRequest('issueCsrfToken', null as unknown as () => string);
  app.decorateRequest('viewUser', undefined);
  app.decorateRequest('view', {
    getter(this: FastifyRequest): View {
      return keepView(this);
    },
  });

  await app.register(cookie, { secret: cookieSecret(config) });
  await app.register(csrf, {
    cookieKey: 'aw_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: true, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
  });
  app.addHook('onRequest', (request, reply, done) => {
    // A host no tenant lists gets 404 before anything reads or writes under a tenant.
    if (request.view.tenant === noTenant && !request.routeOptions.config?.anyHost && !request.url.startsWith('/assets/')) return done(new NotFoundError());
    let token: string | undefined;
    request.issueCsrfToken = () => (token ??= reply.generateCsrf());
    const query = request.query as Record<string, unknown>;
    if ((query.lang === 'de' || query.lang === 'en') && query.lang !== request.cookies.lang) {
      reply.setCookie('lang', query.lang, { path: '/', sameSite: 'lax', secure: true, maxAge: 365 * 24 * 3600 });
    }
    done();
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!needsCsrfCheck(request)) return done();
    app.csrfProtection(request, reply, done);
  });

  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 20, fields: 500 } });
  await app.register(fastifyStatic, { root: projectPath('src/web/assets'), prefix: '/assets/', maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: path.dirname(projectPath('node_modules/@kern-ux/native/dist/kern.css')),
    prefix: '/assets/kern/',
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Amtsweg API', version: '1' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API client token (Fachverfahren) or session' },
        },
      },
    },
    // The OpenAPI document describes the JSON API; pages are for browsers.
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') ? schema : { ...schema, hide: true }, url }),
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(sendNotFound);

  const durations = new RequestDurations();
  app.addHook('onResponse', (request, reply, done) => {
    durations.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true }, config: { anyHost: true } }, async (_request, reply) => reply.type(metricsContentType).send(await metricsText(durations)));

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true }, config: { anyHost: true } }, async (_request, reply) => {
    const ok = await ping(ctx.db);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: ctx.dialect });
  });

  app.get('/impressum', async (request, reply) => sendPage(reply, ImprintPage({ view: request.view })));
  app.get('/datenschutz', async (request, reply) => sendPage(reply, PrivacyPage({ view: request.view })));
  app.get('/barrierefreiheit', async (request, reply) => sendPage(reply, AccessibilityPage({ view: request.view })));
  registerTenantLook(app);
  const dataSources = readTenantDataSources(projectPath('data/tenants'), 'data/tenants');
  app.get('/datenquellen', async (request, reply) => sendPage(reply, DataSourcesPage({ view: request.view, sources: dataSources.get(request.view.tenant.slug) ?? [] })));

  for (const module of modules) await module.hooks?.(app, ctx);
  for (const module of modules) await module.routes?.(app, ctx);
  return app;
}
