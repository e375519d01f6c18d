import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { verifyAudit } from '../../../src/core/audit/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { createWorker } from '../../../src/runtime.js';
import { importConfirmation, openHandovers, retryHandover } from '../../../src/modules/records/abgabe/service.js';
import { dueFiles } from '../../../src/modules/records/aussonderung/service.js';
import { toFile } from '../../../src/modules/records/files/model.js';
import { reopenByHand } from '../../../src/modules/records/files/service.js';
import { closeFile, closeProcess, openProcess, systemAuthor } from '../../../src/modules/records/files/write.js';
import { inTransaction } from '../../../src/core/db/index.js';
import { readXdomeaMessage, validateXdomea, writeXdomeaMessage, type ImportResult, type Party } from '../../../src/modules/records/xdomea/index.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, caseTestModules, citizen, staff, tenantId, type Authorities, type Staff } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';
import { newAkteWithVorgang } from '../aussonderung/helpers.js';
import { closedVorgang, fakeDms, useDms, type Where } from './helpers.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('E-Akte: Abgabe of closed Vorgänge to an external DMS (0401 / 0402)', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let rita: Staff;
  let worker: Staff;
  let where: Where;
  let folder: string;
  let us: Party;

  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    rita = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur');
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    const units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
    where = { tenantId: tenant, authority: authorities.lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' };
    folder = await mkdtemp(join(tmpdir(), 'amtsweg-abgabe-'));
    us = { behoerdenschluessel: { code: authorities.lfulg.key } };
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
    await runtime.dispose();
  });

  const runJobs = () => createWorker(runtime).runDue();
  const handover = (processId: string) => runtime.ctx.db.selectFrom('record_handovers').selectAll().where('process_id', '=', processId).executeTakeFirstOrThrow();
  const processRow = (id: string) => runtime.ctx.db.selectFrom('record_processes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const confirmation = (prozessId: string, ergebnisse: ImportResult[], to: Party = us) =>
    Buffer.from(
      writeXdomeaMessage({
        code: '0402',
        header: {
          prozessId,
          erstellungszeitpunkt: runtime.ctx.clock.now(),
          absender: { behoerdenschluessel: { code: authorities.lfulg.key }, organisationseinheit: 'eAkte' },
          empfaenger: to,
        },
        ergebnisse,
      }),
    );
  const receipt = (prozessId: string, to: Party = us) =>
    Buffer.from(
      writeXdomeaMessage({
        code: '0403',
        header: {
          prozessId,
          erstellungszeitpunkt: runtime.ctx.clock.now(),
          absender: { behoerdenschluessel: { code: authorities.lfulg.key }, organisationseinheit: 'eAkte' },
          empfaenger: to,
        },
      }),
    );
  const ok = (id: string): ImportResult => ({ id, erfolgreich: true, fehlermeldungen: [] });
  const refusal = (code: string) => (error: unknown) =>
    error instanceof ValidationError && error.fields[0]!.code === `records.abgabe.error.${code}` && error.fields[0]!.pointer === '/file';
  const auditActions = async (processId: string) =>
    (
      await runtime.ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', processId).where('action', 'like', 'records.abgabe.%').orderBy('position').execute()
    ).map((r) => r.action);

  it('hands nothing over while the authority keeps its E-Akte here', async () => {
    const { processId } = await closedVorgang(runtime, where, 'Intern');
    await runJobs();
    assert.equal(await runtime.ctx.db.selectFrom('record_handovers').select('id').where('process_id', '=', processId).executeTakeFirst(), undefined);
  });

  let dropped: { processId: string; fileId: string; prozessId: string };

  it('drops a 0401 package into the folder at zdA: valid XML, every version file with its SHA-256, written atomically', async () => {
    await useDms(runtime, tenant, authorities.lfulg.id, folder);
    const { processId, fileId } = await closedVorgang(runtime, where, 'Erdwärmesonde Löbtau');
    const queued = await handover(processId);
    assert.equal(queued.state, 'pending', 'the process is recorded in the zdA transaction, before delivery');
    assert.equal((await openHandovers(runtime.ctx, rita)).find((h) => h.processId === processId)?.state, 'pending');
    await runJobs();
    const sent = await handover(processId);
    assert.equal(sent.id, queued.id, 'the ProzessID fixed at zdA');
    assert.equal(sent.state, 'sent');
    assert.equal(sent.target, folder);
    assert.equal((await processRow(processId)).handover_sent_at, sent.sent_at);
    const names = await readdir(folder);
    assert.deepEqual(names, [`${sent.id}_Abgabe.Abgabe.0401.zip`], 'one package, no temporary file left');
    const zip = await readFile(join(folder, names[0]!));
    assert.equal(sha256(zip), sent.package_sha256);
    const entries = unzipSync(zip);
    const xml = Buffer.from(entries[`${sent.id}_Abgabe.Abgabe.0401.xml`]!).toString('utf8');
    const validation = await validateXdomea(xml);
    assert.equal(validation.valid, true, JSON.stringify(validation));
    const message = await readXdomeaMessage(xml, { accept: ['0401'] });
    assert.equal(message.header.prozessId, sent.id);
    assert.equal(message.objekte.length, 1);
    const akte = message.objekte[0]!;
    assert.ok(akte.kind === 'akte');
    assert.equal(akte.id, fileId);
    assert.deepEqual(
      akte.vorgaenge.map((v) => v.id),
      [processId],
    );
    const versions = await runtime.ctx.db
      .selectFrom('record_document_versions as v')
      .innerJoin('record_documents as d', 'd.id', 'v.document_id')
      .select(['v.id', 'v.sha256', 'v.file_name'])
      .where('d.process_id', '=', processId)
      .execute();
    assert.equal(versions.length, 3, 'a PDF and a text in two versions');
    const files = Object.keys(entries).filter((name) => !name.endsWith('.0401.xml'));
    assert.equal(files.length, versions.length);
    for (const version of versions) {
      const name = files.find((f) => f.startsWith(version.id));
      assert.ok(name, `the file of version ${version.id} is in the package`);
      assert.equal(sha256(entries[name]!), version.sha256);
    }
    assert.deepEqual(await auditActions(processId), ['records.abgabe.sent']);
    dropped = { processId, fileId, prozessId: sent.id };
  });

  it('delivers only once: the job again, or a retry, makes no second package', async () => {
    await runJobs();
    await assert.rejects(
      retryHandover(runtime.ctx, rita, dropped.prozessId),
      (error: unknown) => error instanceof ValidationError && error.fields[0]!.code === 'records.abgabe.error.notFailed',
    );
    assert.deepEqual(await readdir(folder), [`${dropped.prozessId}_Abgabe.Abgabe.0401.zip`]);
  });

  it('refuses a re-opening of a Vorgang handed over: the DMS keeps it now', async () => {
    await assert.rejects(
      reopenByHand(runtime.ctx, rita, { type: 'process', id: dropped.processId }, 'Nachtrag'),
      (error: unknown) => error instanceof ConflictError && error.code === 'records.abgabe.error.handedOver',
    );
    assert.equal((await processRow(dropped.processId)).state, 'closed');
  });

  it('refuses invalid, unknown, foreign and surplus 0402 messages, audited, and takes nothing over', async () => {
    await assert.rejects(importConfirmation(runtime.ctx, rita, Buffer.from('<kein xml')), refusal('invalidMessage'));
    await assert.rejects(importConfirmation(runtime.ctx, rita, confirmation('0190aaaa-0000-7000-8000-000000000000', [ok(dropped.processId)])), refusal('unknownProcess'));
    await assert.rejects(
      importConfirmation(runtime.ctx, rita, confirmation(dropped.prozessId, [ok(dropped.processId)], { behoerdenschluessel: { code: authorities.oba.key } })),
      refusal('foreignMessage'),
    );
    await assert.rejects(importConfirmation(runtime.ctx, rita, confirmation(dropped.prozessId, [ok('0190bbbb-0000-7000-8000-000000000000')])), refusal('unknownObjects'));
    const oba = staff(tenant, authorities.oba.id, 'recordsManager');
    await assert.rejects(
      importConfirmation(runtime.ctx, oba, confirmation(dropped.prozessId, [ok(dropped.processId)])),
      refusal('unknownProcess'),
      'another authority’s records manager does not see the process',
    );
    assert.equal((await handover(dropped.processId)).state, 'sent');
    const codes = (await runtime.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'records.abgabe.refused').execute()).map(
      (r) => JSON.parse(r.details).code as string,
    );
    assert.deepEqual(
      codes,
      ['invalidMessage', 'unknownProcess', 'foreignMessage', 'unknownObjects', 'unknownProcess'].map((c) => `records.abgabe.error.${c}`),
    );
  });

  it('imports the 0402: the Vorgang is abgegeben and stays readable; a second import is refused', async () => {
    const outcome = await importConfirmation(runtime.ctx, rita, confirmation(dropped.prozessId, [ok(dropped.fileId), ok(dropped.processId)]));
    assert.equal(outcome.state, 'confirmed');
    assert.equal(outcome.processId, dropped.processId);
    const row = await processRow(dropped.processId);
    assert.ok(row.handover_confirmed_at);
    assert.equal((await handover(dropped.processId)).state, 'confirmed');
    assert.equal(
      (await openHandovers(runtime.ctx, rita)).some((h) => h.processId === dropped.processId),
      false,
      'off the work list',
    );
    const documents = await runtime.ctx.db.selectFrom('record_documents').select('id').where('process_id', '=', dropped.processId).execute();
    assert.equal(documents.length, 2, 'the Vorgang and its documents stay (read-only)');
    await assert.rejects(importConfirmation(runtime.ctx, rita, confirmation(dropped.prozessId, [ok(dropped.processId)])), refusal('alreadyImported'));
    assert.deepEqual(await auditActions(dropped.processId), ['records.abgabe.sent', 'records.abgabe.confirmed']);
  });

  it('reads the DMS’s 0403 receipt once for a delivered hand-over; refuses it for unknown, foreign or undelivered ones, audited', async () => {
    await assert.rejects(importConfirmation(runtime.ctx, rita, receipt('0190aaaa-0000-7000-8000-000000000000')), refusal('unknownProcess'));
    await assert.rejects(importConfirmation(runtime.ctx, rita, receipt(dropped.prozessId, { behoerdenschluessel: { code: authorities.oba.key } })), refusal('foreignMessage'));
    await useDms(runtime, tenant, authorities.lfulg.id, join(folder, 'noch-nicht-da'));
    const waiting = await closedVorgang(runtime, where, 'Brunnen Pesterwitz');
    const pending = await handover(waiting.processId);
    assert.equal(pending.state, 'pending');
    await assert.rejects(importConfirmation(runtime.ctx, rita, receipt(pending.id)), refusal('notSent'), 'no receipt for a package not delivered');
    assert.equal((await handover(waiting.processId)).received_at, null);
    await useDms(runtime, tenant, authorities.lfulg.id, folder);

    const outcome = await importConfirmation(runtime.ctx, rita, receipt(dropped.prozessId));
    assert.deepEqual(outcome, { prozessId: dropped.prozessId, processId: dropped.processId, aktenzeichen: (await processRow(dropped.processId)).aktenzeichen, state: 'received' });
    const row = await handover(dropped.processId);
    assert.ok(row.received_at);
    assert.equal(row.state, 'confirmed', 'a receipt changes nothing else');
    await assert.rejects(importConfirmation(runtime.ctx, rita, receipt(dropped.prozessId)), refusal('alreadyImported'));
    assert.equal((await handover(dropped.processId)).received_at, row.received_at);
    assert.deepEqual(await auditActions(dropped.processId), ['records.abgabe.sent', 'records.abgabe.confirmed', 'records.abgabe.received']);
    const refused = await runtime.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'records.abgabe.refused').orderBy('position', 'desc').limit(4).execute();
    assert.deepEqual(
      refused.map((r) => JSON.parse(r.details).code as string).reverse(),
      ['unknownProcess', 'foreignMessage', 'notSent', 'alreadyImported'].map((c) => `records.abgabe.error.${c}`),
    );
  });

  it('takes the 0402 from the reply folder of a folder target: refused files are set aside, the right one is imported', async () => {
    const { processId } = await closedVorgang(runtime, where, 'Quelle Tharandt');
    await runJobs();
    const row = await handover(processId);
    assert.equal(row.state, 'sent');
    await mkdir(join(folder, 'antworten'), { recursive: true });
    const reply = join(folder, 'antworten', `${row.id}_Abgabe.ImportBestaetigen.0402.xml`);
    await writeFile(reply, confirmation(row.id, [ok(processId)], { behoerdenschluessel: { code: authorities.oba.key } }));
    const later = () => runtime.clock.set(new Date(runtime.clock.now().getTime() + 16 * 60 * 1000));
    later();
    await runJobs();
    assert.equal((await handover(processId)).state, 'sent', 'a message for another authority is not taken');
    assert.ok((await readdir(join(folder, 'antworten'))).includes(`${row.id}_Abgabe.ImportBestaetigen.0402.xml.abgelehnt`));
    await writeFile(reply, confirmation(row.id, [ok(processId)]));
    later();
    await runJobs();
    assert.equal((await handover(processId)).state, 'confirmed');
    assert.ok((await processRow(processId)).handover_confirmed_at);
    assert.ok((await readdir(join(folder, 'antworten'))).includes(`${row.id}_Abgabe.ImportBestaetigen.0402.xml.eingelesen`));
    const confirmedBy = await runtime.ctx.db
      .selectFrom('audit_log')
      .select('actor_type')
      .where('object_id', '=', processId)
      .where('action', '=', 'records.abgabe.confirmed')
      .executeTakeFirstOrThrow();
    assert.equal(confirmedBy.actor_type, 'system');
  });

  it('POSTs the package to an HTTP endpoint; a failure is listed with its error and the outbox tries again', async () => {
    const dms = await fakeDms([503]);
    try {
      await useDms(runtime, tenant, authorities.lfulg.id, dms.url);
      const { processId } = await closedVorgang(runtime, where, 'Brunnen Plauen');
      await runJobs();
      let row = await handover(processId);
      assert.equal(row.state, 'failed');
      assert.match(row.last_error!, /HTTP 503: DMS wartet/);
      const listed = (await openHandovers(runtime.ctx, rita)).find((h) => h.processId === processId)!;
      assert.equal(listed.state, 'failed');
      assert.match(listed.lastError!, /503/);
      runtime.clock.set(new Date(runtime.clock.now().getTime() + 60 * 60 * 1000));
      await runJobs();
      row = await handover(processId);
      assert.equal(row.state, 'sent');
      assert.equal(row.attempts, 2);
      assert.equal(dms.received.length, 1);
      const [request] = dms.received;
      assert.equal(request!.headers['content-type'], 'application/zip');
      assert.equal(request!.headers['x-xdomea-prozessid'], row.id);
      assert.equal(sha256(request!.body), row.package_sha256);
      assert.equal((await readXdomeaMessage(request!.body, { accept: ['0401'] })).header.prozessId, row.id);
      assert.deepEqual(await auditActions(processId), ['records.abgabe.failed', 'records.abgabe.sent']);
    } finally {
      await dms.close();
    }
  });

  it('retries a failed hand-over by hand with the same ProzessID; a job of the old round delivers nothing', async () => {
    const dms = await fakeDms();
    const closedPort = 'http://127.0.0.1:9/eakte';
    try {
      await useDms(runtime, tenant, authorities.lfulg.id, closedPort);
      const { processId } = await closedVorgang(runtime, where, 'Sonde Cotta');
      await runJobs();
      const failed = await handover(processId);
      assert.equal(failed.state, 'failed');
      assert.match(failed.last_error!, /fetch failed|ECONNREFUSED/);
      await assert.rejects(retryHandover(runtime.ctx, worker, failed.id), NotFoundError, 'a case worker does not run the Abgabe');
      await useDms(runtime, tenant, authorities.lfulg.id, dms.url);
      await retryHandover(runtime.ctx, rita, failed.id);
      runtime.clock.set(new Date(runtime.clock.now().getTime() + 60 * 60 * 1000)); // the old round's job is due again as well
      await runJobs();
      const sent = await handover(processId);
      assert.equal(sent.state, 'sent');
      assert.equal(sent.id, failed.id);
      assert.equal(sent.round, 2);
      assert.equal(dms.received.length, 1, 'one delivery: the old round’s job stopped');
      assert.deepEqual(await auditActions(processId), ['records.abgabe.failed', 'records.abgabe.retry', 'records.abgabe.sent']);
      // A 0402 that reports a failed import puts it back on the failed list.
      const outcome = await importConfirmation(runtime.ctx, rita, confirmation(sent.id, [{ id: processId, erfolgreich: false, fehlermeldungen: ['Aktenplaneinheit unbekannt'] }]));
      assert.equal(outcome.state, 'failed');
      assert.match((await handover(processId)).last_error!, /Aktenplaneinheit unbekannt/);
    } finally {
      await dms.close();
    }
  });

  it('is for the records manager of the authority only, within the tenant', async () => {
    await assert.rejects(openHandovers(runtime.ctx, worker), ForbiddenError);
    await assert.rejects(openHandovers(runtime.ctx, citizen(tenant)), ForbiddenError);
    await assert.rejects(importConfirmation(runtime.ctx, citizen(tenant), confirmation(dropped.prozessId, [ok(dropped.processId)])), ForbiddenError);
    const failed = (await openHandovers(runtime.ctx, rita)).find((h) => h.state === 'failed')!;
    const otherTenant = { ...rita, tenantId: 'another-tenant' };
    assert.deepEqual(await openHandovers(runtime.ctx, otherTenant), []);
    await assert.rejects(retryHandover(runtime.ctx, otherTenant, failed.id), NotFoundError);
    await assert.rejects(retryHandover(runtime.ctx, staff(tenant, authorities.oba.id, 'recordsManager'), failed.id), NotFoundError);
    assert.deepEqual(await openHandovers(runtime.ctx, staff(tenant, authorities.oba.id, 'recordsManager')), []);
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
  });

  it('keeps Akten handed over to the DMS out of the Aussonderung’s due list; an Akte partly led here stays in it', async () => {
    const closeAkte = (id: string) =>
      inTransaction(runtime.ctx.db, async (trx) => {
        const file = toFile(await trx.selectFrom('record_files').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
        if (file.state !== 'closed') await closeFile(trx, runtime.ctx, file, systemAuthor);
      });
    await closeAkte(dropped.fileId);
    // An Akte whose first Vorgang was closed while the authority kept its E-Akte here, the second after the switch to the DMS.
    await useDms(runtime, tenant, authorities.lfulg.id, null);
    const mixed = await inTransaction(runtime.ctx.db, async (trx) => {
      const { file, process } = await newAkteWithVorgang(trx, runtime.ctx, where, 'Quelle Tharandt');
      await closeProcess(trx, runtime.ctx, process, systemAuthor);
      return file;
    });
    await useDms(runtime, tenant, authorities.lfulg.id, folder);
    await inTransaction(runtime.ctx.db, async (trx) => {
      const reopened = toFile(await trx.selectFrom('record_files').selectAll().where('id', '=', mixed.id).executeTakeFirstOrThrow());
      const second = await openProcess(trx, runtime.ctx, reopened, { subject: 'Nachtrag Quelle Tharandt', caseId: null }, systemAuthor);
      await closeProcess(trx, runtime.ctx, second, systemAuthor);
    });
    await closeAkte(mixed.id);
    assert.equal((await runtime.ctx.db.selectFrom('record_handovers').select('id').where('file_id', '=', mixed.id).execute()).length, 1, 'one of its two Vorgänge handed over');
    runtime.clock.set(new Date('2090-01-02T09:00:00Z'));
    const due = (await dueFiles(runtime.ctx, rita)).map((f) => f.id);
    assert.ok(due.includes(mixed.id), 'partly led here: due');
    assert.equal(due.includes(dropped.fileId), false, 'handed over: the DMS runs its Aussonderung');
  });
});
