import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { AppContext } from '../../src/core/context.js';
import { inTransaction } from '../../src/core/db/index.js';
import { NotFoundError } from '../../src/core/errors.js';
import { BlobIntegrityError, createBlobStore, openBlobStore, type BlobStore } from '../../src/core/blobs/index.js';
import { keyIdOf } from '../../src/core/blobs/sealing.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

for (const backend of ['fs', 'db'] as const) {
  describe(`blobs (${backend} backend)`, () => {
    let runtime: TestRuntime;
    let store: BlobStore;
    const key = crypto.randomBytes(32);

    before(async () => {
      runtime = await createTestRuntime({ env: { BLOB_STORE: backend }, seed: false });
      store = createBlobStore(runtime.ctx, key);
    });
    after(() => runtime.dispose());

    const fileOf = (address: string) => path.join(runtime.dataDir, 'blobs', address.slice(0, 2), address.slice(2, 4), address);

    async function readSealed(address: string): Promise<Buffer> {
      if (backend === 'fs') return fs.readFileSync(fileOf(address));
      const row = await runtime.ctx.db.selectFrom('blobs').select('data').where('sha256', '=', address).executeTakeFirstOrThrow();
      return row.data!;
    }

    async function writeSealed(address: string, sealed: Buffer): Promise<void> {
      if (backend === 'fs') fs.writeFileSync(fileOf(address), sealed);
      else await runtime.ctx.db.updateTable('blobs').set({ data: sealed }).where('sha256', '=', address).execute();
    }

    async function assertIntegrityError(address: string, reason: RegExp): Promise<void> {
      await assert.rejects(store.get(address), (error: unknown) => {
        assert.ok(error instanceof BlobIntegrityError);
        assert.equal(error.sha256, address);
        assert.match(error.message, new RegExp(address));
        assert.match(error.reason, reason);
        return true;
      });
    }

    it('stores encrypted under the SHA-256 of the content and gives it back', async () => {
      const content = Buffer.from('Bohranzeige nach § 8 GeolDG – Größe: 120 m, Straße 5');
      const stored = await store.put(content, 'text/plain; charset=utf-8');
      assert.deepEqual(stored, { sha256: sha256(content), size: content.length });
      assert.deepEqual(await store.get(stored.sha256), content);
      const info = await store.stat(stored.sha256);
      assert.equal(info?.contentType, 'text/plain; charset=utf-8');
      assert.equal(info?.size, content.length);
      assert.equal(info?.createdAt, '2026-03-02T09:00:00.000Z');
      const sealed = await readSealed(stored.sha256);
      assert.equal(sealed.length, 12 + 16 + content.length);
      assert.equal(sealed.indexOf(Buffer.from('GeolDG')), -1, 'plaintext must not be stored');
      const row = await runtime.ctx.db.selectFrom('blobs').select(['backend', 'data']).where('sha256', '=', stored.sha256).executeTakeFirstOrThrow();
      assert.equal(row.backend, backend);
      assert.equal(row.data === null, backend === 'fs');
    });

    it('stores the same content once', async () => {
      const content = crypto.randomBytes(1000);
      const first = await store.put(content, 'application/octet-stream');
      const second = await store.put(Readable.from([content.subarray(0, 10), content.subarray(10)]), 'application/pdf');
      assert.equal(second.sha256, first.sha256);
      const rows = await runtime.ctx.db.selectFrom('blobs').select('content_type').where('sha256', '=', first.sha256).execute();
      assert.deepEqual(rows, [{ content_type: 'application/octet-stream' }]);
      if (backend === 'fs') {
        assert.deepEqual(fs.readdirSync(path.dirname(fileOf(first.sha256))), [first.sha256]);
        assert.deepEqual(fs.readdirSync(path.join(runtime.dataDir, 'blobs', 'tmp')), [], 'no staged files left behind');
      }
    });

    it('streams a large input, hashing while encrypting', async () => {
      const content = crypto.randomBytes(5 * 1024 * 1024);
      const chunks = Array.from({ length: 80 }, (_, i) => content.subarray(i * 65536, (i + 1) * 65536));
      const stored = await store.put(Readable.from(chunks), 'application/octet-stream');
      assert.deepEqual(stored, { sha256: sha256(content), size: content.length });
      assert.ok((await store.get(stored.sha256)).equals(content));
    });

    it('detects a changed byte of ciphertext and never returns the data', async () => {
      const { sha256: address } = await store.put(Buffer.from('Bescheid vom 2. März 2026'), 'text/plain');
      const sealed = await readSealed(address);
      sealed[sealed.length - 1]! ^= 0x01;
      await writeSealed(address, sealed);
      await assertIntegrityError(address, /decryption failed/);
    });

    it('detects valid ciphertext of other content under this address', async () => {
      const a = await store.put(Buffer.from('Antrag A'), 'text/plain');
      const b = await store.put(Buffer.from('Antrag B'), 'text/plain');
      await writeSealed(b.sha256, await readSealed(a.sha256));
      await assertIntegrityError(b.sha256, /does not match its address/);
    });

    it('refuses to decrypt with another key', async () => {
      const { sha256: address } = await store.put(Buffer.from('Geheim'), 'text/plain');
      const otherKey = crypto.randomBytes(32);
      const other = createBlobStore(runtime.ctx, otherKey);
      await assert.rejects(other.get(address), (error: unknown) => error instanceof BlobIntegrityError && /encrypted with key/.test(error.reason));
      // Even when the recorded key id is forged to match, GCM authentication fails.
      await runtime.ctx.db
        .updateTable('blobs')
        .set({ key_id: keyIdOf(otherKey) })
        .where('sha256', '=', address)
        .execute();
      await assert.rejects(other.get(address), (error: unknown) => error instanceof BlobIntegrityError && /decryption failed/.test(error.reason));
    });

    it('reports missing data instead of returning nothing', async () => {
      const { sha256: address } = await store.put(Buffer.from('bald weg'), 'text/plain');
      if (backend === 'fs') fs.rmSync(fileOf(address));
      else await runtime.ctx.db.updateTable('blobs').set({ data: null }).where('sha256', '=', address).execute();
      await assertIntegrityError(address, /missing/);
    });

    it('answers unknown and malformed addresses with NotFoundError', async () => {
      await assert.rejects(store.get('0'.repeat(64)), NotFoundError);
      await assert.rejects(store.get('../../secrets/blob-key'), NotFoundError);
      assert.equal(await store.exists('../../secrets/blob-key'), false);
      assert.equal(await store.exists(sha256(Buffer.from('never stored'))), false);
    });

    it('commits the row with the caller’s transaction', async () => {
      const kept = Buffer.from('mit dem Antrag gespeichert');
      await inTransaction(runtime.ctx.db, async (trx) => {
        const { sha256: address } = await store.put(kept, 'text/plain', trx);
        assert.deepEqual(await store.get(address, trx), kept);
      });
      assert.equal(await store.exists(sha256(kept)), true);

      const dropped = Buffer.from('zurückgerollt');
      await assert.rejects(
        inTransaction(runtime.ctx.db, async (trx) => {
          await store.put(dropped, 'text/plain', trx);
          throw new Error('rollback');
        }),
        /rollback/,
      );
      assert.equal(await store.exists(sha256(dropped)), false);
      // Stored again after the rollback, it is complete and readable.
      const again = await store.put(dropped, 'text/plain');
      assert.deepEqual(await store.get(again.sha256), dropped);
    });

    it('verifies every blob and names each damaged one', async () => {
      const fresh = await createTestRuntime({ env: { BLOB_STORE: backend }, seed: false });
      try {
        const freshStore = createBlobStore(fresh.ctx, key);
        const good = await Promise.all(Array.from({ length: 150 }, (_, i) => freshStore.put(Buffer.from(`Dokument ${i}`), 'text/plain')));
        const victim = good[42]!.sha256;
        if (backend === 'fs') {
          const file = path.join(fresh.dataDir, 'blobs', victim.slice(0, 2), victim.slice(2, 4), victim);
          const sealed = fs.readFileSync(file);
          sealed[20]! ^= 0xff; // inside the GCM tag
          fs.writeFileSync(file, sealed);
        } else {
          await fresh.ctx.db
            .updateTable('blobs')
            .set({ data: Buffer.alloc(40) })
            .where('sha256', '=', victim)
            .execute();
        }
        const report = await freshStore.verifyAll();
        assert.equal(report.checked, 150);
        assert.deepEqual(
          report.failures.map((f) => f.sha256),
          [victim],
        );
      } finally {
        await fresh.dispose();
      }
    });
  });
}

describe('blobs: key and backend from configuration', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false });
  });
  after(() => runtime.dispose());

  it('generates a key into DATA_DIR outside production and keeps using it', async () => {
    const first = openBlobStore(runtime.ctx);
    const { sha256: address } = await first.put(Buffer.from('Schlüssel bleibt'), 'text/plain');
    const keyFile = path.join(runtime.dataDir, 'secrets', 'blob-key');
    assert.equal(Buffer.from(fs.readFileSync(keyFile, 'utf8'), 'base64').length, 32);
    assert.deepEqual(await openBlobStore(runtime.ctx).get(address), Buffer.from('Schlüssel bleibt'));
  });

  it('uses BLOB_KEY when configured', async () => {
    const key = crypto.randomBytes(32);
    const ctx: AppContext = { ...runtime.ctx, config: { ...runtime.ctx.config, blobKey: key } };
    const { sha256: address } = await openBlobStore(ctx).put(Buffer.from('mit BLOB_KEY'), 'text/plain');
    assert.deepEqual(await createBlobStore(runtime.ctx, key).get(address), Buffer.from('mit BLOB_KEY'));
  });

  it('still reads filesystem blobs after switching to the database backend', async () => {
    const key = crypto.randomBytes(32);
    const { sha256: address } = await createBlobStore(runtime.ctx, key).put(Buffer.from('vorher im Dateisystem'), 'text/plain');
    const dbCtx: AppContext = { ...runtime.ctx, config: { ...runtime.ctx.config, blobStore: 'db' } };
    const dbStore = createBlobStore(dbCtx, key);
    assert.deepEqual(await dbStore.get(address), Buffer.from('vorher im Dateisystem'));
    const { sha256: newer } = await dbStore.put(Buffer.from('jetzt in der Datenbank'), 'text/plain');
    const row = await runtime.ctx.db.selectFrom('blobs').select('backend').where('sha256', '=', newer).executeTakeFirstOrThrow();
    assert.equal(row.backend, 'db');
  });

  it('refuses a key of the wrong length', () => {
    assert.throws(() => createBlobStore(runtime.ctx, crypto.randomBytes(16)), RangeError);
  });
});
