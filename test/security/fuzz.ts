import net from 'node:net';
import fc from 'fast-check';
import type { HttpApp } from '../../src/core/module.js';
import type { RouteEntry } from '../../src/web/route-table.js';
import type { Identity, SecurityFixture } from './fixture.js';
import { apiBodySchemas } from './requests.js';
import { concreteUrl } from './routes.js';
import { exampleOf, type JsonSchema } from './schema-example.js';

/**
 * HTTP fuzzing over a real socket: requests generated with fast-check from the app's route table
 * (pages) and its OpenAPI document (API bodies and parameters), aimed at the security fixture's
 * real things, then broken in the ways attackers and broken clients break them: wrong types, huge
 * and control-character strings, NUL bytes, deep nesting, bad percent-encodings, broken
 * multipart, odd headers. Raw bytes go over TCP, so nothing in a client library repairs them and
 * node's HTTP parser (414, 431, 400) is tried too. A request passes when it gets any answer below 500.
 */

export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
  /** Which identity sends it; its credential headers are added when it is sent. */
  as: 'anonymous' | 'owner' | 'caseStaff' | 'apiClient';
  /** What was broken, for the report. */
  label: string;
}

export interface FuzzTargets {
  routes: readonly RouteEntry[];
  params: Record<string, string>;
  bodySchemas: Map<string, JsonSchema>;
  /** Query parameter names of each API route (OpenAPI), by route pattern. */
  queryNames: Map<string, string[]>;
  /** Field names of the forms on the fixture's pages, by the form's action path. */
  formFields: Map<string, string[]>;
  csrf: { cookie: string; token: string };
}

/** Query parameters pages read (return targets, language, filters, paging), tried on every page. */
const pageQueryNames = ['zurueck', 'weiter', 'lang', 'q', 'tab', 'from', 'to', 'cursor', 'limit', 'hinweis', 'token', 'ags', 'kind', 'seite'];

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD, as a browser sends them). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

const badEncodings = fc.constantFrom(
  '%',
  '%%',
  '%zz',
  '%4',
  '%C0%80',
  '%C0%AF',
  '%FF',
  '%FE%FF',
  '%ED%A0%80',
  '%E2%82',
  '%00',
  '%2e%2e%2f',
  '%252e',
  '%u0041',
  '%0d%0aSet-Cookie:%20x=1',
  '%09/evil.example',
  '/%5Cevil.example',
);

const specialStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\r\n',
  '\u0007\u001b[31m',
  '\u202e\u2066',
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '😀'.repeat(50),
  'ä',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"; DROP TABLE accounts; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as written
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  'null',
  'true',
  '[]',
  '{}',
  '//evil.example',
  '/\\evil.example',
  'javascript:alert(1)',
  'https://evil.example/',
  '/%09/evil.example',
  '/\u0130\u2028x',
);

const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 3, arbitrary: specialStrings },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u2028'))
      .map(([text, control]) => `${text}${control}${text}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(300, 5_000, 70_000).chain((n) => fc.constantFrom('x', '\u0000', 'ä', '%', '😀').map((c) => c.repeat(n))) },
);

/** JSON text nested `depth` levels deep, written as text: building it as a value would overflow our own stack first. */
function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -1e308, [], {}, [null], { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }),
  fc.anything({ maxDepth: 3 }),
);

function setAt(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const container = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return { ...container, [path[0]!]: setAt(container[path[0]!], path.slice(1), value) };
}

/** A JSON body: the schema's example with one part replaced by a wrong value, or text that is not what the schema wants at all. */
function jsonBody(schema: JsonSchema | undefined): fc.Arbitrary<{ text: string; label: string }> {
  const example = schema ? exampleOf(schema) : {};
  const keys = Object.keys(schema?.properties ?? {});
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...keys, 'unknown', 'data'), fc.constantFrom([], ['x'], ['0', '1']), wrongValue)
        .map(([key, deeper, value]) => ({ text: JSON.stringify(setAt(example, [key, ...deeper], value)), label: `json ${key} wrong` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const))
        .map(([depth, kind]) => ({ text: schema?.properties?.data ? `{"data":{"x":${deepJson(depth, kind)}}}` : deepJson(depth, kind), label: `json nested ${depth}` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', '{', '{"a":', 'nul', '\u0000', '{"a":"\u0000"}', '{"a":"\\u0000"}', '\uFEFF{}', '[]', '"x"', '1', '{"__proto__":{"x":1}}', '{"a":1,"a":2}')
        .map((text) => ({ text, label: 'json malformed' })),
    },
  );
}

function formBody(fields: string[]): fc.Arbitrary<{ text: string; label: string }> {
  const names = fields.length ? fields : ['name', 'email', 'text', 'version', 'action'];
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...names), nastyString), { minLength: 1, maxLength: 4 })
        .map((pairs) => ({ text: pairs.map(([k, v]) => `${k}=${percentEncode(v)}`).join('&'), label: 'form nasty values' })),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...names), badEncodings).map(([k, bad]) => ({ text: `${k}=${bad}&${bad}=1`, label: 'form bad encoding' })) },
  );
}

const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';

function multipartBody(fields: string[]): fc.Arbitrary<{ bytes: Buffer; contentType: string; label: string }> {
  const names = fields.length ? fields : ['body', 'file'];
  const part = fc
    .tuple(fc.constantFrom(...names, 'file'), nastyString, fc.boolean(), fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/zip', '', 'x\u0000y'))
    .map(([name, value, asFile, type]) =>
      asFile
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.slice(0, 200).replace(/"/g, '')}"\r\nContent-Type: ${type}\r\n\r\n%PDF-1.4 ${value}\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
  const whole = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => Buffer.from(`${parts.join('')}--${boundary}--\r\n`));
  return fc.oneof(
    whole.map((bytes) => ({ bytes, contentType: `multipart/form-data; boundary=${boundary}`, label: 'multipart nasty parts' })),
    whole.map((bytes) => ({ bytes, contentType: 'multipart/form-data', label: 'multipart without boundary' })),
    whole.map((bytes) => ({ bytes, contentType: 'multipart/form-data; boundary=wrong', label: 'multipart wrong boundary' })),
    fc.tuple(whole, fc.double({ min: 0, max: 1, noNaN: true })).map(([bytes, cut]) => ({
      bytes: bytes.subarray(0, Math.floor(bytes.length * cut)),
      contentType: `multipart/form-data; boundary=${boundary}`,
      label: 'multipart truncated',
    })),
    fc
      .constantFrom(
        `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`,
        `--${boundary}\r\n${'X-Long: '.padEnd(20_000, 'a')}\r\n\r\nx\r\n--${boundary}--\r\n`,
        `--${boundary}--\r\n`,
        'not multipart at all',
      )
      .map((text) => ({ bytes: Buffer.from(text), contentType: `multipart/form-data; boundary=${boundary}`, label: 'multipart malformed' })),
  );
}

/** A query string: the route's known parameters with nasty or badly encoded values, sometimes repeated. */
function queryString(names: string[]): fc.Arbitrary<string> {
  const pair = fc
    .tuple(fc.constantFrom(...names), fc.oneof({ weight: 3, arbitrary: nastyString.map(percentEncode) }, { weight: 1, arbitrary: badEncodings }))
    .map(([k, v]) => `${k}=${v}`);
  return fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => `?${pairs.join('&')}`) });
}

/** The concrete path, sometimes with one segment replaced by a nasty or badly encoded one. */
function pathOf(route: RouteEntry, params: Record<string, string>): fc.Arbitrary<{ path: string; label: string }> {
  const path = concreteUrl(route, params);
  const segments = path.split('/');
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ path, label: 'path as is' }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat(segments.length - 1), fc.oneof(nastyString.map(percentEncode), badEncodings))
        .map(([i, bad]) => ({ path: segments.map((s, j) => (j === Math.max(1, i) ? bad : s)).join('/'), label: 'path segment' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '//evil.example',
          '/..%2f..%2fetc/passwd',
          '/%2e%2e/%2e%2e/',
          '*',
          `/${'a'.repeat(20_000)}`,
          `${path}/${'x/'.repeat(3000)}`,
          `${path}%00`,
          `${path};jsessionid=x`,
        )
        .map((bad) => ({ path: bad, label: 'path odd' })),
    },
  );
}

const oddHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<[string, string][]>(
      [['accept-language', 'xx;q=abc,,;;*']],
      [['accept-language', 'de'.padEnd(5000, ',de')]],
      [['cookie', 'aw_session=%zz; lang=\u00ff']],
      [['cookie', `aw_session=${'A'.repeat(4000)}`]],
      [['x-csrf-token', 'garbage']],
      [['x-big', 'y'.repeat(20_000)]],
      [['idempotency-key', '\u00ff\u00fe']],
      [['accept', '*/*;q=x']],
      [['x-forwarded-for', '999.1.1.1, ::zz']],
    ),
  },
);

export function requestArbitrary(targets: FuzzTargets): fc.Arbitrary<RawRequest> {
  // The owner's application routes are tried on the submitted application and on a draft (only a draft is merged, uploaded to, submitted).
  const paramSets = [targets.params, { ...targets.params, applicationId: targets.params.draftId! }];
  // Writes take bodies, where most of the breaking happens: they are tried three times as often.
  const route = fc.oneof(...targets.routes.map((r) => ({ weight: r.method === 'GET' ? 1 : 3, arbitrary: fc.constant(r) })));
  return fc.tuple(route, fc.constantFrom(...paramSets)).chain(([route, params]) => {
    const key = `${route.method} ${route.url}`;
    const isApi = route.url.startsWith('/api/');
    const names = isApi ? (targets.queryNames.get(key) ?? []) : pageQueryNames;
    const path = concreteUrl(route, params);
    const fields = [...(targets.formFields.get(path) ?? []), '_csrf'];
    const body: fc.Arbitrary<{ bytes: Buffer; contentType: string | undefined; label: string }> =
      route.method === 'GET'
        ? fc.constant({ bytes: Buffer.alloc(0), contentType: undefined, label: '' })
        : fc.oneof(
            jsonBody(targets.bodySchemas.get(key)).map(({ text, label }) => ({ bytes: Buffer.from(text), contentType: 'application/json', label })),
            formBody(fields).map(({ text, label }) => ({ bytes: Buffer.from(text), contentType: 'application/x-www-form-urlencoded', label })),
            multipartBody(fields),
            fc
              .constantFrom('text/plain', 'application/json; charset=latin1', 'application/xml', 'x/\u0000', '')
              .map((contentType) => ({ bytes: Buffer.from('{"a":1}'), contentType, label: `content-type ${JSON.stringify(contentType)}` })),
          );
    return fc
      .record({
        path: pathOf(route, params),
        query: queryString(names.length ? names : pageQueryNames),
        body,
        headers: oddHeaders,
        as: fc.constantFrom('anonymous' as const, 'owner' as const, 'caseStaff' as const, 'apiClient' as const),
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'FOO') }),
      })
      .map(({ path: p, query, body: b, headers, as, method }) => {
        const all: [string, string][] = [...headers];
        if (b.contentType !== undefined) all.push(['content-type', b.contentType]);
        if (method !== 'GET') all.push(['x-csrf-token', targets.csrf.token]);
        return { method, target: p.path + query, headers: all, body: b.bytes, as, label: `${key}: ${[p.label, b.label].filter(Boolean).join(', ')}` };
      });
  });
}

/** Sends one raw request over a fresh connection; resolves to the status code, or 0 when no answer came within the timeout. */
export function sendRaw(port: number, request: RawRequest, host: string, credentials: Record<string, string>, csrfCookie: string, timeoutMs = 15_000): Promise<number> {
  const cookies = [credentials.cookie, request.method === 'GET' ? undefined : csrfCookie, ...request.headers.filter(([k]) => k === 'cookie').map(([, v]) => v)]
    .filter(Boolean)
    .join('; ');
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: ${host}`, 'connection: close', `content-length: ${request.body.length}`];
  if (credentials.authorization) lines.push(`authorization: ${credentials.authorization}`);
  if (cookies) lines.push(`cookie: ${cookies}`);
  for (const [name, value] of request.headers) if (name !== 'cookie') lines.push(`${name}: ${value}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      socket.destroy();
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk) => {
      if (received.length < 64) received += chunk.toString('latin1');
    });
    socket.on('end', finish);
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(Buffer.concat([head, request.body]));
  });
}

/** Field names of every form on the GET pages the fixture's callers can see, by the form's action. */
async function scrapeFormFields(app: HttpApp, fixture: SecurityFixture, routes: readonly RouteEntry[]): Promise<Map<string, string[]>> {
  const fields = new Map<string, string[]>();
  for (const route of routes.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !r.url.startsWith('/assets/'))) {
    for (const identity of [fixture.owner, fixture.caseStaff]) {
      const page = await app.inject({ url: concreteUrl(route, fixture.params), headers: { host: identity.host, ...(await identity.headers()) } });
      for (const form of page.body.matchAll(/<form[^>]*action="([^"?]+)[^"]*"[^>]*>([\s\S]*?)<\/form>/g)) {
        const names = [...form[2]!.matchAll(/name="([^"]+)"/g)].map((m) => m[1]!);
        fields.set(form[1]!, [...new Set([...(fields.get(form[1]!) ?? []), ...names])]);
      }
    }
  }
  return fields;
}

export async function fuzzTargets(app: HttpApp, fixture: SecurityFixture): Promise<FuzzTargets> {
  const document = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
  const queryNames = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      queryNames.set(
        `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      );
    }
  }
  const routes = app.routeTable.routes;
  return { routes, params: fixture.params, bodySchemas: await apiBodySchemas(app), queryNames, formFields: await scrapeFormFields(app, fixture, routes), csrf: fixture.csrf };
}

export interface FuzzFailure {
  status: number;
  label: string;
  method: string;
  target: string;
}

export interface FuzzReport {
  requests: number;
  byStatus: Record<number, number>;
  failures: FuzzFailure[];
  milliseconds: number;
}

/**
 * Sends `count` generated requests (seeded: the same seed sends the same requests) to the app
 * listening on `port`, `concurrency` at a time; every answer of 500 or more, and every request
 * that got none, is a failure.
 */
export async function fuzz(options: { port: number; fixture: SecurityFixture; targets: FuzzTargets; seed: number; count: number; concurrency?: number }): Promise<FuzzReport> {
  const { port, fixture, targets, seed, count, concurrency = 4 } = options;
  const requests = fc.sample(requestArbitrary(targets), { seed, numRuns: count });
  const identities: Record<RawRequest['as'], Identity> = {
    anonymous: fixture.anonymous,
    owner: fixture.owner,
    caseStaff: fixture.caseStaff,
    apiClient: fixture.apiClientWithoutScope,
  };
  const report: FuzzReport = { requests: 0, byStatus: {}, failures: [], milliseconds: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const identity = identities[request.as];
      const status = await sendRaw(port, request, identity.host, await identity.headers(), fixture.csrf.cookie);
      report.requests++;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if (status >= 500 || status === 0) report.failures.push({ status, label: request.label, method: request.method, target: request.target.slice(0, 200) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}
