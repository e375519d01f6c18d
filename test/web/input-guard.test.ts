import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { createTestApp, useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { applicationTestModules, citizen, encodeActor, multipartBody, tenantId, tinyPdf } from '../applications/helpers.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';

type Answer = Awaited<ReturnType<HttpApp['inject']>>;

/** A refusal as the API gives it: problem+json, the security headers, and the field in error. */
function assertProblem(answer: Answer, status: number, field?: { pointer: string; code: string }): void {
  assert.equal(answer.statusCode, status, answer.body);
  assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
  assert.ok(answer.headers['content-security-policy'], 'security headers');
  assert.equal(answer.headers['cache-control'], 'no-store');
  if (field)
    assert.deepEqual(
      answer.json().errors.map((e: { pointer: string; code: string }) => ({ pointer: e.pointer, code: e.code })),
      [field],
    );
}

/** A refusal as a browser sees it: the error page in German, with the security headers. */
function assertErrorPage(answer: Answer, status: number, message: RegExp): void {
  assert.equal(answer.statusCode, status, answer.body.slice(0, 300));
  assert.match(String(answer.headers['content-type']), /^text\/html/);
  assert.ok(answer.headers['content-security-policy'], 'security headers');
  assert.match(answer.body, message);
}

describe('bad input gets 400 at the edge, never a 500', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let auth: Record<string, string>;
  let draftId: string;
  let submittedId: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      auth = { authorization: `Test ${encodeActor(citizen(await tenantId(runtime)))}` };
      const create = async () =>
        (await app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth, payload: { procedure: 'bohranzeige', data: sampleNotification() } })).json().id as string;
      draftId = await create();
      submittedId = await create();
      const plan = multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: tinyPdf }]);
      await app.inject({
        method: 'POST',
        url: `/api/v1/applications/${submittedId}/attachments?field=/sitePlan`,
        headers: { ...auth, 'content-type': plan.contentType },
        payload: plan.payload,
      });
      assert.equal((await app.inject({ method: 'POST', url: `/api/v1/applications/${submittedId}/submit`, headers: auth })).statusCode, 201);
    },
    { modules: applicationTestModules },
  );

  it('refuses a NUL byte in the query, the path, a JSON body, a form field and a multipart field', async () => {
    assertProblem(await app.inject('/api/v1/authorities?q=%00'), 400, { pointer: '/q', code: 'error.nulByte' });
    assertErrorPage(await app.inject('/behoerden/%00'), 400, /unzulässiges Steuerzeichen \(NUL\)/);
    const json = await app.inject({ method: 'PATCH', url: `/api/v1/applications/${draftId}`, headers: auth, payload: { data: { applicantName: 'Wärme\u0000Bohr' } } });
    assertProblem(json, 400, { pointer: '/data/applicantName', code: 'error.nulByte' });
    assert.notEqual((await app.inject({ url: `/api/v1/applications/${draftId}`, headers: auth })).json().data.applicantName, 'Wärme\u0000Bohr', 'nothing was saved');
    const form = await app.inject({
      method: 'POST',
      url: '/anmelden',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%00b%40example.org&password=x',
    });
    assertErrorPage(form, 400, /unzulässiges Steuerzeichen/);
    const reply = multipartBody([['body', 'Hallo\u0000Welt']], []);
    const multipart = await app.inject({
      method: 'POST',
      url: `/api/v1/applications/${submittedId}/messages`,
      headers: { ...auth, 'content-type': reply.contentType },
      payload: reply.payload,
    });
    assertProblem(multipart, 400, { pointer: '/body', code: 'error.nulByte' });
  });

  it('refuses JSON nested deeper than 32 levels before anything recurses over it', async () => {
    const deep = `{"data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const answer = await app.inject({ method: 'PATCH', url: `/api/v1/applications/${draftId}`, headers: { ...auth, 'content-type': 'application/json' }, payload: deep });
    assertProblem(answer, 400);
    assert.equal(answer.json().errors[0].code, 'error.tooDeep');
    const shallow = `{"data":{"boreholes":[${'{"x":'.repeat(20)}1${'}'.repeat(20)}]}}`;
    const fine = await app.inject({ method: 'PATCH', url: `/api/v1/applications/${draftId}`, headers: { ...auth, 'content-type': 'application/json' }, payload: shallow });
    assert.notEqual(fine.statusCode, 400, 'twenty levels are fine (the form may still refuse the answer)');
    assert.ok(fine.statusCode < 500, fine.body);
  });

  it('refuses malformed multipart (no boundary, another boundary, cut short) on the API and on the page', async () => {
    // The page's form with its CSRF token, so that what is refused is the body, not a missing token.
    const browser = { 'x-test-actor': auth.authorization!.slice(5) };
    const form = await app.inject({ url: `/antraege/${submittedId}`, headers: browser });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const part = `--abc\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--abc\r\nContent-Disposition: form-data; name="body"\r\n\r\nHallo\r\n--abc\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4`;
    const bodies: [string, string][] = [
      ['multipart/form-data', `${part}\r\n--abc--\r\n`],
      ['multipart/form-data; boundary=zzz', `${part}\r\n--abc--\r\n`],
      ['multipart/form-data; boundary=abc', part],
    ];
    for (const [type, payload] of bodies) {
      const upload = await app.inject({ method: 'POST', url: `/api/v1/applications/${draftId}/attachments?field=/sitePlan`, headers: { ...auth, 'content-type': type }, payload });
      assertProblem(upload, 400);
      assert.match(upload.body, /error\.malformedMultipart/, type);
      const api = await app.inject({ method: 'POST', url: `/api/v1/applications/${submittedId}/messages`, headers: { ...auth, 'content-type': type }, payload });
      assertProblem(api, 400);
      const page = await app.inject({ method: 'POST', url: `/antraege/${submittedId}/nachrichten`, headers: { ...browser, cookie, 'content-type': type }, payload });
      assertErrorPage(page, 400, /unvollständig oder beschädigt/);
    }
  });

  it("answers the router's refusals (undecodable URL 400, over-long path parameter 414) like any other", async () => {
    assertProblem(await app.inject('/api/v1/applications/%E0%A4%A'), 400);
    assertErrorPage(await app.inject('/behoerden/%E0%A4%A'), 400, /Die Anfrage ist ungültig/);
    const long = await app.inject(`/behoerden/${'a'.repeat(5000)}`);
    assertErrorPage(long, 414, /Die Anfrage ist ungültig/);
    assertProblem(await app.inject(`/api/v1/applications/${'a'.repeat(5000)}`), 414);
  });

  it('answers headers over the limit (431) and a broken request line (400) with the headers, as a problem or the error page', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const huge = `X-Filler: ${'a'.repeat(20_000)}\r\n`;
    const api = await raw(`GET /api/v1/authorities HTTP/1.1\r\nHost: localhost\r\n${huge}\r\n`);
    assert.match(api, /^HTTP\/1\.1 431 /);
    assert.match(api, /\r\ncontent-type: application\/problem\+json/i);
    assert.match(api, /\r\ncontent-security-policy: /i);
    assert.match(api, /"status":431/);
    const page = await raw(`GET /behoerden HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\n${huge}\r\n`);
    assert.match(page, /^HTTP\/1\.1 431 /);
    assert.match(page, /\r\ncontent-type: text\/html/i);
    assert.match(page, /\r\nx-frame-options: /i);
    assert.match(page, /The request is too large/);
    const broken = await raw('GET /\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.match(broken, /^HTTP\/1\.1 400 /);
    assert.match(broken, /Die Anfrage ist ungültig/);
  });
});

describe('every answer says no-store, and an unknown host gets 404', () => {
  let app: HttpApp;
  useTestApp((opened) => ({ app } = opened));

  it('sends Cache-Control: no-store on pages and API answers, and lets static assets be kept', async () => {
    assert.equal((await app.inject('/konto')).headers['cache-control'], 'no-store');
    assert.equal((await app.inject('/api/v1/me')).headers['cache-control'], 'no-store');
    assert.equal((await app.inject('/api/v1/authorities')).headers['cache-control'], 'public, max-age=300', 'public catalogue data says so itself');
    assert.equal((await app.inject('/gibt-es-nicht')).headers['cache-control'], 'no-store');
    assert.match(String((await app.inject('/assets/kern/kern.css')).headers['cache-control']), /max-age=86400/);
  });

  it('answers a host no tenant lists with 404, the health check under any host', async () => {
    const page = await app.inject({ url: '/', headers: { host: 'unknown.example' } });
    assertErrorPage(page, 404, /nicht gefunden|Nicht gefunden/i);
    assert.doesNotMatch(page.body, /Amt24 Sachsen/, 'no tenant is shown');
    assertProblem(await app.inject({ url: '/api/v1/authorities', headers: { host: 'unknown.example' } }), 404);
    assert.equal((await app.inject({ url: '/healthz', headers: { host: '10.0.0.5:3000' } })).statusCode, 200);
    assert.match((await app.inject({ url: '/', headers: { host: 'bw.localhost' } })).body, /service-bw/);
  });

  it('answers an unknown host as the tenant DEFAULT_TENANT names, when it names one', async () => {
    const { app: fallback, runtime } = await createTestApp({ env: { DEFAULT_TENANT: 'bw' } });
    try {
      const page = await fallback.inject({ url: '/', headers: { host: 'unknown.example' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /service-bw/);
    } finally {
      await fallback.close();
      await runtime.dispose();
    }
  });
});
