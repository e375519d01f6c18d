import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../../src/core/db/index.js';
import { evidenceRecord, verifyEvidence } from '../../../src/modules/records/export/evidence.js';
import { leafHash, merkleRoot } from '../../../src/modules/records/export/merkle.js';
import { textContent } from '../../../src/modules/records/files/content.js';
import { addVersion, systemAuthor } from '../../../src/modules/records/files/write.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { staff } from '../../cases/helpers.js';
import { anAkte, blobPath, tamper, type TestAkte } from './helpers.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

describe('the hash tree', () => {
  it('hashes leaves and nodes apart and carries an odd node up', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(leafHash) as [string, string, string];
    assert.equal(a, sha(Buffer.from([0]), Buffer.from('a')).toString('hex'));
    assert.equal(merkleRoot([a]), a);
    const ab = sha(Buffer.from([1]), Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
    assert.equal(merkleRoot([a, b]), ab.toString('hex'));
    assert.equal(merkleRoot([a, b, c]), sha(Buffer.from([1]), ab, Buffer.from(c, 'hex')).toString('hex'));
    assert.notEqual(merkleRoot([b, a]), merkleRoot([a, b]));
  });
});

describe('evidence record and `amtsweg records verify`', () => {
  let runtime: TestRuntime;
  let akte: TestAkte;
  let sqliteDir: string;
  before(async () => {
    // The CLI runs in a child process: on SQLite the database must be a file it can open.
    sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-evidence-'));
    runtime = await createTestRuntime(process.env.TEST_DATABASE_URL ? {} : { env: { DATABASE_URL: `sqlite:${path.join(sqliteDir, 'amtsweg.sqlite')}` } });
    akte = await anAkte(runtime);
  });
  after(async () => {
    await runtime.dispose();
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => {
    const { database } = runtime.config;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'records', 'verify', ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DEMO_DATA: 'false',
        DATA_DIR: runtime.dataDir,
        DATABASE_URL: database.kind === 'sqlite' ? `sqlite:${database.file}` : database.url,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('lists every version with its audit entry; the root is the tree over them', async () => {
    const record = await evidenceRecord(runtime.ctx, staff(akte.tenant, akte.authorityId, 'caseWorker'), akte.fileId);
    assert.equal(record.aktenzeichen, akte.aktenzeichen);
    assert.deepEqual(
      record.leaves.map((leaf) => `${leaf.documentNumber}/${leaf.version}`),
      ['1/1', '2/1', '2/2', '3/1'],
    );
    assert.equal(record.audit.length, 4);
    assert.ok(
      record.leaves.every((leaf) =>
        record.audit.some((entry) => entry.documentId === leaf.documentId && entry.version === leaf.version && entry.sha256 === leaf.sha256 && /^[0-9a-f]{64}$/.test(entry.hash)),
      ),
    );
    assert.equal(record.root, merkleRoot(record.leaves.map((leaf) => leaf.leaf)));
    const [verification] = await verifyEvidence(runtime.ctx, akte.aktenzeichen);
    assert.deepEqual(verification!.findings, []);
    assert.equal(verification!.root, record.root);
    await assert.rejects(evidenceRecord(runtime.ctx, staff(akte.tenant, akte.otherAuthorityId, 'caseWorker'), akte.fileId), { status: 404 });
    const logged = await runtime.ctx.db.selectFrom('record_access').select('purpose').where('file_id', '=', akte.fileId).execute();
    assert.ok(logged.some((entry) => entry.purpose === 'Beweisdatensatz'));
  });

  it('passes an intact Akte, names a changed and a missing file (exit 1), and what changed since an exported record', async () => {
    const record = await evidenceRecord(runtime.ctx, staff(akte.tenant, akte.authorityId, 'caseWorker'), akte.fileId);
    const intact = cli(akte.aktenzeichen);
    assert.equal(intact.code, 0, intact.stderr + intact.stdout);
    assert.match(intact.stdout, new RegExp(`4 versions checked, root ${record.root}: intact`));

    tamper(runtime, akte.documents.antrag.sha256);
    fs.rmSync(blobPath(runtime, akte.documents.lageplan.sha256));
    const broken = cli(akte.aktenzeichen);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /CHANGED: .*-1 Dokument 1 Version 1 "bohranzeige\.pdf".*decryption failed/);
    assert.match(broken.stdout, /MISSING: .*-1 Dokument 3 Version 1 "lageplan\.png"/);
    assert.doesNotMatch(broken.stdout, /stellungnahme/);

    // A version swapped in the database (another hash than the audit chain recorded) shows too.
    const [findings] = await verifyEvidence(runtime.ctx, akte.aktenzeichen);
    assert.deepEqual(findings!.findings.map((f) => f.problem).sort(), ['changed', 'missing']);

    // Against the exported record: a version added since is named, and the root differs.
    await inTransaction(runtime.ctx.db, async (trx) => {
      const document = await trx.selectFrom('record_documents').selectAll().where('id', '=', akte.documents.stellungnahme.id).executeTakeFirstOrThrow();
      await addVersion(
        trx,
        runtime.ctx,
        {
          id: document.id,
          processId: document.process_id,
          fileId: document.file_id,
          number: 2,
          kind: document.kind,
          direction: document.direction,
          title: document.title,
          documentDate: document.document_date,
          sender: null,
          recipient: null,
          sourceKey: null,
          currentVersion: 2,
          contentText: '',
          tenantId: akte.tenant,
        },
        textContent('Dritte Fassung.', 'stellungnahme.txt'),
        'Korrektur',
        systemAuthor,
      );
    });
    const evidenceFile = path.join(sqliteDir, 'evidence.json');
    fs.writeFileSync(evidenceFile, JSON.stringify(record));
    const since = cli(akte.aktenzeichen, evidenceFile);
    assert.equal(since.code, 1);
    assert.match(since.stdout, /NOTINRECORD: .*Dokument 2 Version 3 "stellungnahme\.txt"/);
    assert.match(since.stdout, /root differs from the evidence record's/);

    const unknown = cli('00.00.00-9999/1999');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no Akte 00\.00\.00-9999\/1999/);
  });

  it('names a version whose hash was changed in the database', async () => {
    const forged = createHash('sha256').update('forged').digest('hex');
    await runtime.ctx.db
      .updateTable('record_document_versions')
      .set({ sha256: forged })
      .where('document_id', '=', akte.documents.stellungnahme.id)
      .where('number', '=', 1)
      .execute();
    const [result] = await verifyEvidence(runtime.ctx, akte.aktenzeichen);
    const problems = result!.findings
      .filter((f) => f.documentId === akte.documents.stellungnahme.id)
      .map((f) => f.problem)
      .sort();
    assert.deepEqual(problems, ['auditMismatch', 'missing']);
  });
});
