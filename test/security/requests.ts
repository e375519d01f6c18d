import type { InjectOptions } from 'fastify';
import type { HttpApp } from '../../src/core/module.js';
import type { RouteEntry } from '../../src/web/route-table.js';
import { multipartBody, tinyPdf } from '../applications/helpers.js';
import type { Identity, SecurityFixture } from './fixture.js';
import { concreteUrl } from './routes.js';
import { exampleOf, type JsonSchema } from './schema-example.js';

/** The JSON body schema of each API operation in the app's OpenAPI document, by fastify route pattern. */
export async function apiBodySchemas(app: HttpApp): Promise<Map<string, JsonSchema>> {
  const document = (await app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  };
  const schemas = new Map<string, JsonSchema>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema) schemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, schema);
    }
  }
  return schemas;
}

/** Imports that take a file as the body (not JSON), with a required `reason`: suffix, type, a small file. */
const fileImports: [string, string, string][] = [
  ['/csv', 'text/csv', 'Kennzeichen;Titel\n'],
  ['/xdomea', 'application/xml', '<Aktenplan/>'],
];

/**
 * One well-formed request of `identity` to `route`: a body that passes the route's validation
 * (so the permission check is what answers) and, for writes, a valid CSRF token — a refusal must
 * come from the authorization, not from a missing token.
 */
export async function requestAs(app: HttpApp, fixture: SecurityFixture, identity: Identity, route: RouteEntry, schemas: Map<string, JsonSchema>) {
  const credentials = await identity.headers();
  const url = concreteUrl(route, fixture.params);
  const base: InjectOptions = { method: route.method as InjectOptions['method'], url, headers: { host: identity.host, ...credentials } };
  if (route.method === 'GET') return app.inject(base);
  const headers = { ...base.headers, cookie: [credentials.cookie, fixture.csrf.cookie].filter(Boolean).join('; '), 'x-csrf-token': fixture.csrf.token };
  const key = `${route.method} ${route.url}`;
  if (route.url.startsWith('/api/')) {
    if (route.url.endsWith('/attachments')) {
      const { payload, contentType } = multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }]);
      return app.inject({ ...base, url: `${url}?field=/sitePlan`, headers: { ...headers, 'content-type': contentType }, payload });
    }
    const upload = fileImports.find(([suffix]) => route.url.endsWith(suffix));
    if (upload) return app.inject({ ...base, url: `${url}?reason=Sicherheitstest`, headers: { ...headers, 'content-type': upload[1] }, payload: upload[2] });
    const schema = schemas.get(key);
    return app.inject({ ...base, headers, payload: (schema ? exampleOf(schema) : {}) as object });
  }
  const form = await app.inject({
    ...base,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `_csrf=${encodeURIComponent(fixture.csrf.token)}`,
  });
  if (form.statusCode !== 415) return form;
  // Pages with file fields take only multipart.
  const { payload, contentType } = multipartBody([['_csrf', fixture.csrf.token]], []);
  return app.inject({ ...base, headers: { ...headers, 'content-type': contentType }, payload });
}
