import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { verifyAudit } from '../../../src/core/audit/index.js';
import { createWorker } from '../../../src/runtime.js';
import { replyToAuthority } from '../../../src/modules/applications/postfach.js';
import { addNote, assignCase, decideApproval, performAction } from '../../../src/modules/cases/service.js';
import {
  accessLog,
  addDocumentVersion,
  addVermerk,
  closeByHand,
  fileCaseNote,
  getDocumentContent,
  getFile,
  moveProcess,
  processOfCase,
  reopenByHand,
  uploadDocument,
} from '../../../src/modules/records/files/service.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import {
  authoritiesOf,
  caseAt,
  caseTestModules,
  citizen,
  fileInput,
  staff,
  submitNotification,
  tenantId,
  tinyPng,
  type Actor,
  type Authorities,
  type Staff,
} from '../../cases/helpers.js';
import { demoUnits, givePlan } from './helpers.js';

describe('E-Akte: filing cases without typing', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let anna: Actor;
  let worker: Staff;
  let lead: Staff;
  let registratur: Staff;
  let dpo: Staff;
  let units: Record<string, string>;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    anna = citizen(tenant);
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    lead = staff(tenant, authorities.lfulg.id, 'teamLead', 'Thomas Leitner');
    registratur = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur');
    dpo = staff(tenant, authorities.lfulg.id, 'dataProtectionOfficer', 'Dora Datenschutz');
    units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
    await givePlan(runtime, tenant, authorities.uwb.id, demoUnits.water!);
  });
  after(() => runtime.dispose());

  const run = () => createWorker(runtime).runDue();
  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const act = async (actor: Actor, id: string, action: string, inputs: Record<string, unknown> = {}) =>
    performAction(runtime.ctx, actor, id, { action, version: await version(id), inputs });
  const fileOfCase = async (caseId: string) => (await processOfCase(runtime.ctx, registratur, caseId))!;

  it('opens the Vorgang in a new Akte under 52.10.20 when the case opens, and files the application with its receipt and attachments once', async () => {
    const applicationId = await submitNotification(runtime, anna);
    await run();
    await run(); // a second run files nothing twice
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    const link = await fileOfCase(id);
    const view = await getFile(runtime.ctx, worker, link.fileId);
    assert.match(view.file.aktenzeichen, /^52\.10\.20-0001\/2026$/);
    assert.equal(view.unit.kennzeichen, '52.10.20');
    assert.equal(view.file.planUnitId, units['52.10.20']);
    assert.equal(view.processes.length, 1);
    const process = view.processes[0]!;
    assert.equal(process.aktenzeichen, `${view.file.aktenzeichen}-1`);
    assert.equal(process.caseId, id);
    assert.deepEqual(
      process.documents.map((d) => [d.kind, d.direction]),
      [
        ['antrag', 'in'],
        ['anlage', 'in'],
      ],
    );
    const antrag = process.documents[0]!;
    assert.match(antrag.contentText, /Eingangsbestätigung/, 'the text of the generated PDF is kept for the search');
    assert.equal(antrag.versions.length, 1);
    assert.match(antrag.versions[0]!.sha256, /^[0-9a-f]{64}$/);
    // every version's hash is in the audit chain, and the chain holds
    const audited = await runtime.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'records.version.add')
      .where('object_id', '=', antrag.id)
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(audited.details).sha256, antrag.versions[0]!.sha256);
    assert.deepEqual((await verifyAudit(runtime.ctx.db)).breaks, []);
    // the water authority files per year; the Oberbergamt has no plan here and files nothing
    const uwbCase = await caseAt(runtime, applicationId, authorities.uwb.id);
    assert.match((await processOfCase(runtime.ctx, staff(tenant, authorities.uwb.id, 'recordsManager'), uwbCase.id))!.aktenzeichen, /^66\.30\.10-0001\/2026-1$/);
    const obaCase = await caseAt(runtime, applicationId, authorities.oba.id);
    assert.equal(await processOfCase(runtime.ctx, staff(tenant, authorities.oba.id, 'recordsManager'), obaCase.id), undefined);
  });

  it('files messages both ways, marked notes and the Bescheid, and closes Vorgang and Akte (zdA) with the case: retention end 31.12. of the zdA year + 30', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const applicationId = await submitNotification(runtime, anna);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await assignCase(runtime.ctx, worker, id, await version(id), { kind: 'take' });
    await act(worker, id, 'confirmReceipt');
    await act(worker, id, 'requestDocuments', { request: 'Bitte reichen Sie das Schichtenverzeichnis nach.', replyBy: '2026-03-17' });
    await replyToAuthority(runtime.ctx, anna, applicationId, { body: 'Anbei das Verzeichnis.', files: [fileInput('schichten.png', tinyPng)] });
    await run();
    await addNote(runtime.ctx, worker, id, 'Telefonat mit der Firma: Bohrbeginn verschiebt sich.');
    const note = await runtime.ctx.db.selectFrom('case_notes').select('id').where('case_id', '=', id).executeTakeFirstOrThrow();
    await fileCaseNote(runtime.ctx, worker, id, note.id);
    await fileCaseNote(runtime.ctx, worker, id, note.id); // marked twice, filed once
    await act(worker, id, 'draftDecision', { outcome: 'acknowledged', reasons: 'Die Bohrung ist anzeigepflichtig.' });
    await act(worker, id, 'issueDecision');
    runtime.clock.set(new Date('2026-03-06T08:00:00Z'));
    await decideApproval(runtime.ctx, lead, id, { version: await version(id), approve: true, comment: '' });
    await run();

    const link = await fileOfCase(id);
    const view = await getFile(runtime.ctx, worker, link.fileId);
    const documents = view.processes[0]!.documents;
    const kinds = documents.map((d) => `${d.kind}/${d.direction}`);
    assert.ok(kinds.includes('nachricht/out'), kinds.join());
    assert.ok(kinds.includes('nachricht/in'));
    assert.ok(documents.some((d) => d.kind === 'anlage' && d.title === 'schichten.png'));
    assert.equal(documents.filter((d) => d.kind === 'vermerk').length, 1);
    const bescheid = documents.find((d) => d.kind === 'bescheid')!;
    assert.equal(bescheid.direction, 'out');
    assert.match(bescheid.contentText, /anzeigepflichtig/);
    assert.equal(view.processes[0]!.state, 'closed');
    assert.equal(view.file.state, 'closed');
    assert.equal(view.file.closedOn, '2026-03-06');
    assert.equal(view.file.retentionEnd, '2056-12-31');

    // closed is read-only: a clear refusal
    await assert.rejects(
      addVermerk(runtime.ctx, worker, link.id, { title: 'Nachtrag', body: 'x' }),
      (e: unknown) => e instanceof ConflictError && e.code === 'records.error.processClosed',
    );
    // re-opening needs the Registratur and a reason
    await assert.rejects(reopenByHand(runtime.ctx, worker, { type: 'process', id: link.id }, 'Nachtrag'), ForbiddenError);
    await assert.rejects(reopenByHand(runtime.ctx, registratur, { type: 'process', id: link.id }, ' '), ValidationError);
    await reopenByHand(runtime.ctx, registratur, { type: 'process', id: link.id }, 'Nachtrag der Bohrfirma');
    const reopened = await getFile(runtime.ctx, worker, link.fileId);
    assert.equal(reopened.file.state, 'open');
    assert.equal(reopened.file.retentionEnd, null);
    await addVermerk(runtime.ctx, worker, link.id, { title: 'Nachtrag', body: 'Bohrkerne eingelagert.' });
    await closeByHand(runtime.ctx, worker, { type: 'process', id: link.id });
    assert.equal((await getFile(runtime.ctx, worker, link.fileId)).file.state, 'closed');
  });

  it('lets a case worker upload, version with a reason and move a Vorgang (audited); refuses bad input with field paths', async () => {
    runtime.clock.set(new Date('2026-04-01T09:00:00Z'));
    const first = await caseAt(runtime, await submitNotification(runtime, anna), authorities.lfulg.id);
    const second = await caseAt(runtime, await submitNotification(runtime, anna), authorities.lfulg.id);
    await run();
    const a = await fileOfCase(first.id);
    const b = await fileOfCase(second.id);
    await assert.rejects(
      uploadDocument(runtime.ctx, worker, a.id, { title: '', direction: 'sideways', file: undefined }),
      (e: unknown) => e instanceof ValidationError && e.fields.map((f) => f.pointer).join() === '/title,/direction,/file',
    );
    const uploaded = await uploadDocument(runtime.ctx, worker, a.id, {
      title: 'Lageplan neu',
      direction: 'in',
      file: { bytes: Buffer.from('Lageplan, Maßstab 1:1000'), name: 'lageplan.txt', type: 'text/plain' },
    });
    assert.equal(uploaded.contentText, 'Lageplan, Maßstab 1:1000');
    // the type comes from the bytes, not from the claim
    const claimed = await uploadDocument(runtime.ctx, worker, a.id, {
      title: 'Notiz',
      direction: 'internal',
      file: { bytes: Buffer.from('nur Text'), name: 'notiz.pdf', type: 'application/pdf' },
    });
    assert.equal((await getDocumentContent(runtime.ctx, worker, claimed.id)).version.mediaType, 'text/plain');
    await assert.rejects(
      uploadDocument(runtime.ctx, worker, a.id, {
        title: 'Programm',
        direction: 'in',
        file: { bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), name: 'x.exe', type: 'application/pdf' },
      }),
      (e: unknown) => e instanceof ValidationError && e.fields[0]!.code === 'records.error.fileType',
    );
    await assert.rejects(
      addDocumentVersion(runtime.ctx, worker, uploaded.id, { reason: '', file: { bytes: Buffer.from('v2'), name: 'lageplan.txt', type: 'text/plain' } }),
      (e: unknown) => e instanceof ValidationError && e.fields[0]!.pointer === '/reason',
    );
    assert.equal(
      await addDocumentVersion(runtime.ctx, worker, uploaded.id, {
        reason: 'Maßstab korrigiert',
        file: { bytes: Buffer.from('Lageplan, Maßstab 1:500'), name: 'lageplan.txt', type: 'text/plain' },
      }),
      2,
    );
    const v1 = await getDocumentContent(runtime.ctx, worker, uploaded.id, 1);
    assert.equal(v1.bytes.toString(), 'Lageplan, Maßstab 1:1000', 'version 1 is unchanged');
    assert.equal((await getDocumentContent(runtime.ctx, worker, uploaded.id)).version.reason, 'Maßstab korrigiert');

    await assert.rejects(
      moveProcess(runtime.ctx, worker, a.id, { targetFileId: b.fileId, reason: '' }),
      (e: unknown) => e instanceof ValidationError && e.fields[0]!.pointer === '/reason',
    );
    const moved = await moveProcess(runtime.ctx, worker, a.id, { targetFileId: b.fileId, reason: 'Gleicher Standort' });
    assert.equal(moved.fileId, b.fileId);
    assert.equal(moved.aktenzeichen, `${b.aktenzeichen.replace(/-1$/, '')}-2`);
    const target = await getFile(runtime.ctx, worker, b.fileId);
    assert.equal(target.processes.length, 2);
    assert.ok(target.processes[1]!.documents.some((d) => d.id === uploaded.id));
    const audit = await runtime.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'records.process.move')
      .where('object_id', '=', a.id)
      .executeTakeFirstOrThrow();
    assert.equal(JSON.parse(audit.details).reason, 'Gleicher Standort');
  });

  it('logs every staff read; the Registratur and the data-protection officer see it per Akte and per person, nobody else; other authorities see nothing', async () => {
    const kase = await caseAt(runtime, await submitNotification(runtime, anna), authorities.lfulg.id);
    await run();
    const link = await fileOfCase(kase.id);
    await getFile(runtime.ctx, worker, link.fileId, 'Prüfung der Anzeige');
    const perFile = await accessLog(runtime.ctx, dpo, { authorityId: authorities.lfulg.id, fileId: link.fileId });
    assert.equal(perFile[0]!.actorName, 'Sabine Geologin');
    assert.equal(perFile[0]!.purpose, 'Prüfung der Anzeige');
    const perPerson = await accessLog(runtime.ctx, registratur, { authorityId: authorities.lfulg.id, actorId: worker.accountId });
    assert.ok(perPerson.length >= 1 && perPerson.every((e) => e.actorId === worker.accountId));
    await assert.rejects(accessLog(runtime.ctx, worker, { authorityId: authorities.lfulg.id }), ForbiddenError);
    await assert.rejects(getFile(runtime.ctx, dpo, link.fileId), NotFoundError, 'the data-protection officer reads the log, not the files');
    await assert.rejects(getFile(runtime.ctx, staff(tenant, authorities.oba.id, 'caseWorker'), link.fileId), NotFoundError);
    await assert.rejects(getFile(runtime.ctx, staff('other-tenant', authorities.lfulg.id, 'caseWorker'), link.fileId), NotFoundError);
  });
});
