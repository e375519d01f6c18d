import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../../../src/core/audit/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { inTransaction } from '../../../src/core/db/index.js';
import { enqueueJob } from '../../../src/core/jobs/index.js';
import { createWorker } from '../../../src/runtime.js';
import {
  appraisalReceipt,
  approveDestruction,
  archivedDeletionJobs,
  deleteArchivedJobType,
  dueFiles,
  deletionLog,
  exportPackage,
  heldFiles,
  importArchiveMessage,
  offer,
  offerMessage,
  openDisposals,
  requestDestruction,
  setHold,
} from '../../../src/modules/records/aussonderung/service.js';
import { recordBlobs } from '../../../src/modules/records/files/write.js';
import { readXdomeaMessage, writeXdomeaMessage, type Bewertung, type ImportResult, type Party } from '../../../src/modules/records/xdomea/index.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, caseTestModules, staff, tenantId, type Authorities, type Staff } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';
import { closedAkte as makeAkte } from './helpers.js';

const archive: Party = { behoerdenschluessel: { code: 'SStA' }, institution: 'Sächsisches Staatsarchiv' };

describe('E-Akte: Aussonderung with the archive', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let rita: Staff;
  let rolf: Staff;
  let worker: Staff;
  let units: Record<string, string>;
  let us: Party;

  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    rita = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur');
    rolf = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rolf Registratur');
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
    us = { behoerdenschluessel: { code: authorities.lfulg.key } };
  });
  after(() => runtime.dispose());

  const closedAkte = (subject: string) => makeAkte(runtime, { tenantId: tenant, authority: authorities.lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' }, subject);

  const appraisal = (prozessId: string, bewertungen: Bewertung[], to: Party = us) =>
    Buffer.from(
      writeXdomeaMessage({
        code: '0502',
        header: { prozessId, erstellungszeitpunkt: runtime.ctx.clock.now(), absender: archive, empfaenger: to },
        bewertungen,
        empfangsbestaetigung: false,
      }),
    );
  const confirmation = (prozessId: string, ergebnisse: ImportResult[]) =>
    Buffer.from(writeXdomeaMessage({ code: '0506', header: { prozessId, erstellungszeitpunkt: runtime.ctx.clock.now(), absender: archive, empfaenger: us }, ergebnisse }));
  const refusal = (code: string) => (error: unknown) => error instanceof ValidationError && error.fields[0]!.code === `records.aussonderung.error.${code}`;
  const fileRow = (id: string) => runtime.ctx.db.selectFrom('record_files').selectAll().where('id', '=', id).executeTakeFirst();
  const refusals = async () =>
    (await runtime.ctx.db.selectFrom('audit_log').select('details').where('action', '=', 'records.aussonderung.refused').execute()).map(
      (r) => JSON.parse(r.details).code as string,
    );

  let keep: { id: string; sha256: string };
  let destroy: { id: string; sha256: string };
  let held: { id: string; sha256: string };
  let prozessId: string;

  it('lists Akten as due only after their retention has ended, and not under a legal hold', async () => {
    keep = await closedAkte('Erdwärmesonde Löbtau');
    destroy = await closedAkte('Brunnen Plauen');
    held = await closedAkte('Streitfall Cotta');
    assert.deepEqual(await dueFiles(runtime.ctx, rita), [], 'retention runs until 31.12.2056');
    runtime.clock.set(new Date('2057-01-02T09:00:00Z'));
    assert.deepEqual((await dueFiles(runtime.ctx, rita)).map((f) => f.id).sort(), [keep.id, destroy.id, held.id].sort());
    await assert.rejects(setHold(runtime.ctx, rita, held.id, '  '), refusal('reasonRequired'));
    await setHold(runtime.ctx, rita, held.id, 'Rechtsstreit VG Dresden 3 K 12/57');
    assert.deepEqual((await dueFiles(runtime.ctx, rita)).map((f) => f.id).sort(), [keep.id, destroy.id].sort());
    assert.deepEqual(
      (await heldFiles(runtime.ctx, rita)).map((h) => [h.id, h.reason, h.setBy]),
      [[held.id, 'Rechtsstreit VG Dresden 3 K 12/57', 'Rita Registratur']],
    );
    await assert.rejects(dueFiles(runtime.ctx, worker), ForbiddenError, 'case workers do not run the Aussonderung');
    await assert.rejects(setHold(runtime.ctx, worker, held.id, 'x'), NotFoundError);
  });

  it('refuses to offer when the tenant names no archive, marking nothing', async () => {
    const row = await runtime.ctx.db.selectFrom('tenants').select('settings').where('id', '=', tenant).executeTakeFirstOrThrow();
    const { archive: _archive, ...withoutArchive } = JSON.parse(row.settings!);
    await runtime.ctx.db
      .updateTable('tenants')
      .set({ settings: JSON.stringify(withoutArchive) })
      .where('id', '=', tenant)
      .execute();
    try {
      await assert.rejects(offer(runtime.ctx, rita, [keep.id]), refusal('noArchive'));
      assert.equal((await fileRow(keep.id))!.disposition_state, 'none');
    } finally {
      await runtime.ctx.db.updateTable('tenants').set({ settings: row.settings }).where('id', '=', tenant).execute();
    }
  });

  it('offers due Akten in a 0501 stored with the process and refuses Akten under hold', async () => {
    await assert.rejects(offer(runtime.ctx, rita, [keep.id, held.id]), refusal('notDue'));
    assert.equal((await fileRow(keep.id))!.disposition_state, 'none', 'a refused offer marks nothing');
    prozessId = await offer(runtime.ctx, rita, [keep.id, destroy.id]);
    assert.equal((await fileRow(keep.id))!.disposition_state, 'offered');
    assert.deepEqual(await dueFiles(runtime.ctx, rita), []);
    const { xml, fileName } = await offerMessage(runtime.ctx, rita, prozessId);
    assert.equal(fileName, `${prozessId}_Aussonderung.Anbieteverzeichnis.0501.xml`);
    const sent = await readXdomeaMessage(xml, { accept: ['0501'] });
    assert.equal(sent.header.prozessId, prozessId);
    assert.deepEqual(sent.header.empfaenger, archive, "the tenant's archive from its settings (data/tenants.json)");
    assert.deepEqual(sent.objekte.map((o) => o.id).sort(), [keep.id, destroy.id].sort());
    await assert.rejects(offerMessage(runtime.ctx, worker, prozessId), NotFoundError);
  });

  it('refuses invalid, foreign and incomplete 0502s as a whole, audited', async () => {
    await assert.rejects(importArchiveMessage(runtime.ctx, rita, Buffer.from('<kein xdomea/>')), refusal('invalidMessage'));
    await assert.rejects(importArchiveMessage(runtime.ctx, rita, appraisal(randomUUID(), [{ id: keep.id, aussonderungsart: 'A' }])), refusal('foreignMessage'));
    await assert.rejects(
      importArchiveMessage(runtime.ctx, rita, appraisal(prozessId, [{ id: keep.id, aussonderungsart: 'A' }], archive)),
      refusal('foreignMessage'),
      'addressed to somebody else',
    );
    await assert.rejects(
      importArchiveMessage(
        runtime.ctx,
        rita,
        appraisal(prozessId, [
          { id: keep.id, aussonderungsart: 'A' },
          { id: randomUUID(), aussonderungsart: 'V' },
        ]),
      ),
      refusal('unknownObjects'),
    );
    await assert.rejects(importArchiveMessage(runtime.ctx, rita, appraisal(prozessId, [{ id: keep.id, aussonderungsart: 'A' }])), refusal('notDecided'));
    await assert.rejects(
      importArchiveMessage(
        runtime.ctx,
        rita,
        appraisal(prozessId, [
          { id: keep.id, aussonderungsart: 'A' },
          { id: destroy.id, aussonderungsart: 'B' },
        ]),
      ),
      refusal('notDecided'),
    );
    assert.equal((await fileRow(keep.id))!.disposition_state, 'offered', 'nothing half-done');
    assert.deepEqual(
      await refusals(),
      ['invalidMessage', 'foreignMessage', 'foreignMessage', 'unknownObjects', 'notDecided', 'notDecided'].map((c) => `records.aussonderung.error.${c}`),
    );
  });

  it('imports the 0502 once: A and V per Akte', async () => {
    const message = appraisal(prozessId, [
      { id: keep.id, aussonderungsart: 'A' },
      { id: destroy.id, aussonderungsart: 'V' },
    ]);
    assert.deepEqual(await importArchiveMessage(runtime.ctx, rita, message), { code: '0502', prozessId, deleted: 0 });
    assert.deepEqual([(await fileRow(keep.id))!.archive_decision, (await fileRow(destroy.id))!.archive_decision], ['A', 'V']);
    await assert.rejects(appraisalReceipt(runtime.ctx, rita, prozessId), NotFoundError, 'the 0502 asked for no 0505 receipt');
    await assert.rejects(importArchiveMessage(runtime.ctx, rita, message), refusal('alreadyImported'));
  });

  it('exports the 0503 package with the A Akte and its primary files, streamed', async () => {
    const pkg = await exportPackage(runtime.ctx, rita, prozessId);
    const chunks: Uint8Array[] = [];
    for await (const chunk of pkg.chunks) chunks.push(chunk);
    const zip = Buffer.concat(chunks);
    const sent = await readXdomeaMessage(zip, { accept: ['0503'] });
    assert.deepEqual(
      sent.objekte.map((o) => o.id),
      [keep.id],
      'only the A Akte goes to the archive',
    );
    assert.equal(pkg.entries.length, 2, 'the message and one primary file');
    assert.equal(pkg.entries[1]!.sha256, keep.sha256);
    assert.equal((await fileRow(keep.id))!.disposition_state, 'exported');
    assert.equal((await fileRow(keep.id))!.state, 'closed', 'still here until the archive confirms');
  });

  it('deletes the A Akte (rows and blob) only after the 0506, writing the Löschprotokoll', async () => {
    await assert.rejects(
      importArchiveMessage(runtime.ctx, rita, confirmation(prozessId, [{ id: destroy.id, erfolgreich: true, fehlermeldungen: [], archivkennung: 'x' }])),
      refusal('unknownObjects'),
      'a V Akte was never handed over',
    );
    assert.ok(await fileRow(keep.id));
    const result = await importArchiveMessage(
      runtime.ctx,
      rita,
      confirmation(prozessId, [{ id: keep.id, erfolgreich: true, fehlermeldungen: [], archivkennung: 'StA-DD 12345/2057' }]),
    );
    assert.equal(result.deleted, 1);
    assert.equal(await fileRow(keep.id), undefined);
    assert.equal(await runtime.ctx.db.selectFrom('record_processes').select('id').where('file_id', '=', keep.id).executeTakeFirst(), undefined);
    assert.equal(await runtime.ctx.db.selectFrom('record_documents').select('id').where('file_id', '=', keep.id).executeTakeFirst(), undefined);
    assert.equal(
      await runtime.ctx.db.selectFrom('record_search_terms').select('term').where('object_id', '=', keep.id).executeTakeFirst(),
      undefined,
      'its words leave the search index',
    );
    assert.equal(await recordBlobs(runtime.ctx).exists(keep.sha256), true, 'the blob goes after the commit, by the job');
    await createWorker(runtime).runDue();
    assert.equal(await recordBlobs(runtime.ctx).exists(keep.sha256), false, 'personal data in blobs is really gone');
    assert.equal(await recordBlobs(runtime.ctx).exists(destroy.sha256), true);
    const log = await deletionLog(runtime.ctx, rita);
    const entry = log.find((l) => l.object_id === keep.id)!;
    assert.equal(entry.reason, 'archived');
    assert.equal(entry.archive_id, 'StA-DD 12345/2057');
    assert.equal(entry.subject, 'Erdwärmesonde Löbtau');
    assert.equal(entry.deleted_by_name, 'Rita Registratur');
    assert.ok(log.some((l) => l.object_type === 'process' && l.subject === 'Vorgang Erdwärmesonde Löbtau'));
    await assert.rejects(importArchiveMessage(runtime.ctx, rita, confirmation(prozessId, [{ id: keep.id, erfolgreich: true, fehlermeldungen: [] }])), refusal('alreadyImported'));
  });

  it('refuses a 0502 naming an already deleted Akte', async () => {
    const other = await closedAkte('Nachzügler');
    runtime.clock.set(new Date('2088-01-03T09:00:00Z'));
    const next = await offer(runtime.ctx, rita, [other.id]);
    await assert.rejects(
      importArchiveMessage(
        runtime.ctx,
        rita,
        appraisal(next, [
          { id: other.id, aussonderungsart: 'A' },
          { id: keep.id, aussonderungsart: 'A' },
        ]),
      ),
      refusal('alreadyDeleted'),
    );
  });

  it('destroys a V Akte only with a second records manager’s approval', async () => {
    await assert.rejects(approveDestruction(runtime.ctx, rolf, destroy.id), refusal('notRequested'));
    await requestDestruction(runtime.ctx, rita, destroy.id);
    await assert.rejects(requestDestruction(runtime.ctx, rolf, destroy.id), refusal('alreadyRequested'));
    await assert.rejects(approveDestruction(runtime.ctx, rita, destroy.id), refusal('ownApproval'));
    await assert.rejects(approveDestruction(runtime.ctx, worker, destroy.id), NotFoundError);
    assert.ok(await fileRow(destroy.id));
    await approveDestruction(runtime.ctx, rolf, destroy.id);
    assert.equal(await fileRow(destroy.id), undefined);
    await createWorker(runtime).runDue();
    assert.equal(await recordBlobs(runtime.ctx).exists(destroy.sha256), false);
    const entry = (await deletionLog(runtime.ctx, rita)).find((l) => l.object_id === destroy.id)!;
    assert.deepEqual([entry.reason, entry.deleted_by_name, entry.approved_by_name, entry.archive_id], ['destroyed', 'Rita Registratur', 'Rolf Registratur', null]);
  });

  it('keeps the held Akte through all of it, and the audit chain intact', async () => {
    assert.ok(await fileRow(held.id));
    assert.equal(await recordBlobs(runtime.ctx).exists(held.sha256), true);
    await setHold(runtime.ctx, rita, held.id, null);
    assert.deepEqual(
      (await dueFiles(runtime.ctx, rita)).map((f) => f.id),
      [held.id],
    );
    const open = await openDisposals(runtime.ctx, rita);
    assert.equal(open.length, 1, 'finished Aussonderungen leave the work list');
    assert.equal(open[0]!.appraisedAt, null);
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
  });

  it('finishes the deletion of a confirmed Akte by its job after a crash, once, and never one that is not confirmed', async () => {
    const confirmedAkte = await closedAkte('Nach dem Absturz');
    const unconfirmed = await closedAkte('Nicht bestätigt');
    // The state the 0506 import commits before deleting: archived, with the job queued; then the process died.
    await runtime.ctx.db.updateTable('record_files').set({ disposition_state: 'archived', archive_id: 'StA-DD 9/2088' }).where('id', '=', confirmedAkte.id).execute();
    await runtime.ctx.db.updateTable('record_files').set({ disposition_state: 'exported' }).where('id', '=', unconfirmed.id).execute();
    const payload = (fileId: string) => ({ tenantId: tenant, fileId, by: { id: rita.accountId, name: rita.name }, audit: { type: 'staff', id: rita.accountId } });
    await inTransaction(runtime.ctx.db, async (trx) => {
      await enqueueJob(trx, runtime.ctx, { type: deleteArchivedJobType, tenantId: tenant, payload: payload(confirmedAkte.id) });
      await enqueueJob(trx, runtime.ctx, { type: deleteArchivedJobType, tenantId: tenant, payload: payload(unconfirmed.id) });
    });
    await createWorker(runtime).runDue();
    await createWorker(runtime).runDue();
    assert.equal(await fileRow(confirmedAkte.id), undefined);
    assert.equal(await recordBlobs(runtime.ctx).exists(confirmedAkte.sha256), false);
    assert.ok(await fileRow(unconfirmed.id), 'an Akte the archive has not confirmed stays');
    await archivedDeletionJobs[deleteArchivedJobType]!(runtime.ctx, payload(confirmedAkte.id), {} as never);
    const entries = (await deletionLog(runtime.ctx, rita)).filter((l) => l.object_id === confirmedAkte.id);
    assert.deepEqual(
      entries.map((e) => e.archive_id),
      ['StA-DD 9/2088'],
      'one Löschprotokoll entry, however often the job runs',
    );
  });
});
