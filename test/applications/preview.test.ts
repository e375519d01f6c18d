import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { projectPath } from '../../src/core/paths.js';
import { importPack, loadPack } from '../../src/modules/procedures/index.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';

const nameQuestion = { key: 'name', type: 'text', maxLength: 200, label: { de: 'Ihr Name', en: 'Your name' } };

/** The shipped results procedure with a form of one page with these questions, as a pack folder. */
function onePagePack(fields: unknown[] = [nameQuestion]): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'preview-')), 'bohrergebnisse');
  fs.cpSync(projectPath('procedures', 'bohrergebnisse'), folder, { recursive: true });
  const form = {
    key: 'bohrergebnisse',
    version: '1',
    title: { de: 'Vorschau-Formular', en: 'Preview form' },
    pages: [{ id: 'angaben', title: { de: 'Ihre Angaben', en: 'Your details' }, fields }],
  };
  fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
  const procedure = JSON.parse(fs.readFileSync(path.join(folder, 'procedure.json'), 'utf8'));
  delete procedure.prefill; // it names the shipped form's questions
  fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify(procedure));
  return folder;
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? assert.fail(`no ${name} on the page`);
const hiddenAnswers = (html: string) => hidden(html, '_antworten');
const countApplications = async (runtime: TestRuntime) =>
  Number(
    (
      await runtime.ctx.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('studio preview of a version (HTTP)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenantId: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });

  it('shows a draft version page by page, with messages, check page, confirmation and receipt, and stores nothing', async () => {
    const draft = await importPack(runtime.ctx, loadPack(onePagePack()));
    const admin = new Browser(app, (await staffSession(runtime, tenantId, 'tenantAdmin', 'Lea Lesend')).token);
    const version = `/verwaltung/verfahren/bohrergebnisse/${draft.version}`;
    const preview = `${version}/vorschau`;
    const before = await countApplications(runtime);

    assert.match((await admin.get(version)).body, new RegExp(`href="${preview}"`), 'linked from the version page');
    const start = await admin.get(preview);
    assert.equal(start.statusCode, 303);
    const pageUrl = `${preview}/seite/angaben`;
    assert.equal(start.headers.location, pageUrl);

    const page = await admin.get(pageUrl);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Vorschau – nichts wird eingereicht/);
    assert.match(page.body, /Ihr Name/);

    assert.equal((await admin.post(pageUrl, { _antworten: hiddenAnswers(admin.lastHtml) }, pageUrl, { withCsrf: false })).statusCode, 403, 'no CSRF token, no post');
    const empty = await admin.post(pageUrl, { _antworten: hiddenAnswers(page.body), _shown: hidden(page.body, '_shown'), _action: 'continue', name: '' });
    assert.equal(empty.statusCode, 422, 'checked as for applicants');
    assert.match(empty.body, /aw-error-summary[\s\S]*href="#f-name"/, 'the error summary links to the question');
    assert.match(empty.body, /id="f-name-error"/, 'the message stands at the question');
    assert.match(empty.body, /Vorschau – nichts wird eingereicht/);

    const answered = await admin.post(pageUrl, { _antworten: hiddenAnswers(empty.body), _shown: hidden(page.body, '_shown'), _action: 'continue', name: 'Erika Vorschau' });
    assert.equal(answered.statusCode, 303);
    const checkUrl = String(answered.headers.location);
    assert.match(checkUrl, new RegExp(`^${preview}/pruefen\\?antworten=`));

    const check = await admin.get(checkUrl);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Angaben prüfen/);
    assert.match(check.body, /Erika Vorschau/);
    assert.match(check.body, new RegExp(`href="${pageUrl}\\?antworten=[^"]+#`), 'the change link keeps the answers');

    const noDeclaration = await admin.post(`${preview}/absenden`, { _antworten: hiddenAnswers(check.body) }, checkUrl);
    assert.equal(noDeclaration.statusCode, 422);
    const sent = await admin.post(`${preview}/absenden`, { _antworten: hiddenAnswers(check.body), declaration: 'yes' }, checkUrl);
    assert.equal(sent.statusCode, 200);
    assert.match(sent.body, /VORSCHAU/);
    assert.match(sent.body, /Vorschau – nichts wird eingereicht/);
    const receiptHref = /href="([^"]*eingangsbestaetigung\.pdf[^"]*)"/.exec(sent.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(receiptHref);
    const receipt = await admin.get(receiptHref);
    assert.equal(receipt.statusCode, 200);
    assert.equal(receipt.headers['content-type'], 'application/pdf');

    assert.equal(await countApplications(runtime), before, 'no draft, no application');
  });

  it('checks an upload like an applicant’s and keeps only its name, size and hash', async () => {
    const file = { key: 'plan', type: 'file', accept: ['text/plain'], maxSizeMb: 1, maxCount: 1, label: { de: 'Lageplan', en: 'Site plan' } };
    const draft = await importPack(runtime.ctx, loadPack(onePagePack([file])));
    const admin = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Paula Pflege')).token);
    const pageUrl = `/verwaltung/verfahren/bohrergebnisse/${draft.version}/vorschau/seite/angaben`;
    const page = await admin.get(pageUrl);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const boundary = 'vorschau';
    const part = (name: string, value: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/plain` : ''}\r\n\r\n${value}\r\n`;
    const upload = (fields: string) => admin.postMultipart(pageUrl, `${fields}--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
    const fields = (html: string) => part('_csrf', hidden(html, '_csrf')) + part('_shown', hidden(html, '_shown')) + part('_action', 'continue');

    assert.equal((await upload(part('_csrf', 'falsch') + part('plan', 'Hallo', 'plan.txt'))).statusCode, 403, 'no valid token, no file read');
    const missing = await upload(fields(page.body) + part('_antworten', hiddenAnswers(page.body)));
    assert.equal(missing.statusCode, 422, 'the file is required');
    const sent = await upload(fields(page.body) + part('plan', 'Lageplan als Text', 'plan.txt') + part('_antworten', hiddenAnswers(page.body)));
    assert.equal(sent.statusCode, 303);
    const check = await admin.get(String(sent.headers.location));
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /plan\.txt/);
  });

  it('refuses answers it did not seal, anonymous visitors and staff who may not read the studio', async () => {
    const admin = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Paula Pflege')).token);
    const tampered = Buffer.from(JSON.stringify({ name: 'untergeschoben' })).toString('base64url');
    assert.equal((await admin.get(`/verwaltung/verfahren/bohrergebnisse/1/vorschau/pruefen?antworten=${tampered}`)).statusCode, 400);
    assert.equal((await admin.get('/verwaltung/verfahren/bohrergebnisse/999/vorschau')).statusCode, 404);
    const anonymous = await app.inject({ method: 'GET', url: '/verwaltung/verfahren/bohrergebnisse/1/vorschau/seite/subject' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/anmelden/);
    const worker = new Browser(app, (await staffSession(runtime, tenantId, 'caseWorker', 'Sabine Sach')).token);
    assert.equal((await worker.get('/verwaltung/verfahren/bohrergebnisse/1/vorschau/seite/subject')).statusCode, 403);
  });
});
