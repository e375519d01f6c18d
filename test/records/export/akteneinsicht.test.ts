import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { HttpApp } from '../../../src/core/module.js';
import { readPdf } from '../../../src/core/pdf/index.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { caseTestModules, citizen, encodeActor, staff, type Actor } from '../../cases/helpers.js';
import { anAkte, type TestAkte } from './helpers.js';

describe('Akteneinsicht (/api/v1/records/files/:id/export and the page)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let akte: TestAkte;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      akte = await anAkte(runtime);
    },
    { modules: caseTestModules },
  );

  const as = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload: payload as object } : {}) });
  const worker = () => staff(akte.tenant, akte.authorityId, 'caseWorker', 'Sachbearbeiterin Lenz');
  const exportAs = (actor: Actor, body: unknown) => as(actor, 'POST', `/api/v1/records/files/${akte.fileId}/export`, body);

  it('exports the Akte as one PDF with a table of contents, page numbers and each document’s text; audited', async () => {
    const response = await exportAs(worker(), { format: 'pdf', recipient: 'Erika Muster', purpose: 'Antrag auf Akteneinsicht vom 1. März 2026' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.match(response.headers['content-disposition'] as string, /Akteneinsicht-52\.10\.20-0001_2026\.pdf/);
    // The reader in src/core/pdf maps only the bold font's glyphs of a document this large reliably,
    // so the checks look at the headings: the cover with the TOC, then one page per document.
    const pages = readPdf(response.rawPayload).pages;
    assert.equal(pages.length, 4);
    assert.match(pages[0]!, /Akteneinsicht in die Akte 52\.10\.20-0001\/2026[\s\S]*Inhaltsverzeichnis[\s\S]*1\. Bohranzeige[\s\S]*2\. Stellungnahme Gemeinde[\s\S]*3\. Lageplan/);
    assert.match(pages[1]!, /^1\. Bohranzeige[\s\S]*SHA-256[\s\S]*Inhalt/);
    assert.match(pages[2]!, /^2\. Stellungnahme Gemeinde[\s\S]*Inhalt/);
    assert.match(pages[3]!, /^3\. Lageplan/);
    assert.doesNotMatch(pages[3]!, /Inhalt\n/); // an image has no text to show

    const audit = await runtime.ctx.db
      .selectFrom('audit_log')
      .select(['details', 'actor_type'])
      .where('action', '=', 'records.file.export')
      .where('object_id', '=', akte.fileId)
      .executeTakeFirstOrThrow();
    const details = JSON.parse(audit.details) as { format: string; count: number; recipient: string; purpose: string; documents: string[]; sha256: string };
    assert.equal(audit.actor_type, 'account');
    assert.deepEqual({ format: details.format, count: details.count, recipient: details.recipient }, { format: 'pdf', count: 3, recipient: 'Erika Muster' });
    assert.deepEqual(details.documents, [`${akte.documents.antrag.id}/1`, `${akte.documents.stellungnahme.id}/2`, `${akte.documents.lageplan.id}/1`]);
    assert.equal(details.sha256, createHash('sha256').update(response.rawPayload).digest('hex'));
    const reads = await runtime.ctx.db
      .selectFrom('record_access')
      .select(['object_type', 'purpose', 'actor_name'])
      .where('file_id', '=', akte.fileId)
      .where('object_type', '=', 'document')
      .execute();
    assert.equal(reads.length, 3);
    assert.ok(reads.every((read) => read.purpose === 'Akteneinsicht für Erika Muster' && read.actor_name === 'Sachbearbeiterin Lenz'));
  });

  it('exports chosen documents as a ZIP of the filed files with an index', async () => {
    const response = await exportAs(worker(), {
      format: 'zip',
      documentIds: [akte.documents.lageplan.id, akte.documents.antrag.id],
      recipient: 'Verwaltungsgericht Chemnitz',
      purpose: '2 K 123/26',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'application/zip');
    const entries = unzipSync(response.rawPayload);
    assert.deepEqual(Object.keys(entries).sort(), ['001 bohranzeige.pdf', '002 lageplan.png', 'Inhaltsverzeichnis.txt']);
    assert.equal(createHash('sha256').update(entries['001 bohranzeige.pdf']!).digest('hex'), akte.documents.antrag.sha256);
    const index = strFromU8(entries['Inhaltsverzeichnis.txt']!);
    assert.match(index, /Für: Verwaltungsgericht Chemnitz/);
    assert.match(index, new RegExp(`2\\t002 lageplan\\.png\\t.*\\t${akte.documents.lageplan.sha256}`));
  });

  it('refuses bad input with field paths, other authorities with 404, citizens and read-only clients with 403', async () => {
    const invalid = await exportAs(worker(), { format: 'docx', recipient: ' ', purpose: '', documentIds: ['nope'] });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.headers['content-type'] as string, /application\/problem\+json/);
    for (const pointer of ['/format', '/recipient', '/purpose']) assert.match(invalid.body, new RegExp(`"${pointer}"`));
    const unknownDocument = await exportAs(worker(), { format: 'zip', recipient: 'X', purpose: 'Y', documentIds: ['nope'] });
    assert.equal(unknownDocument.statusCode, 422);
    assert.match(unknownDocument.body, /"\/documentIds"/);
    assert.equal((await exportAs(staff(akte.tenant, akte.otherAuthorityId, 'caseWorker'), { format: 'pdf', recipient: 'X', purpose: 'Y' })).statusCode, 404);
    assert.equal((await exportAs(citizen(akte.tenant), { format: 'pdf', recipient: 'X', purpose: 'Y' })).statusCode, 403);
    const reader: Actor = { kind: 'apiClient', tenantId: akte.tenant, clientId: 'dms', authorityId: akte.authorityId, scopes: ['records.read'] };
    assert.equal((await exportAs(reader, { format: 'pdf', recipient: 'X', purpose: 'Y' })).statusCode, 403);
  });

  it('offers the form and the evidence record from the Akte page', async () => {
    const page = await as(worker(), 'GET', `/bearbeitung/akten/${akte.fileId}`);
    assert.match(page.body, new RegExp(`href="/bearbeitung/akten/${akte.fileId}/akteneinsicht"`));
    const form = await as(worker(), 'GET', `/bearbeitung/akten/${akte.fileId}/akteneinsicht`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Akteneinsicht in die Akte 52\.10\.20-0001\/2026/);
    assert.match(form.body, /name="documentIds"/);
    const evidence = await as(worker(), 'GET', `/bearbeitung/akten/${akte.fileId}/beweisdatensatz`);
    assert.equal(evidence.statusCode, 200);
    assert.equal((evidence.json() as { leaves: unknown[] }).leaves.length, 4);
  });
});
