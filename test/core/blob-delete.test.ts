import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '../../src/core/errors.js';
import { createBlobStore, type BlobStore } from '../../src/core/blobs/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

for (const backend of ['fs', 'db'] as const) {
  describe(`blob delete (${backend} backend)`, () => {
    let runtime: TestRuntime;
    let store: BlobStore;

    before(async () => {
      runtime = await createTestRuntime({ env: { BLOB_STORE: backend }, seed: false });
      store = createBlobStore(runtime.ctx, crypto.randomBytes(32));
    });
    after(() => runtime.dispose());

    const fileOf = (address: string) => path.join(runtime.dataDir, 'blobs', address.slice(0, 2), address.slice(2, 4), address);

    it('removes the bytes and the row, and a second delete does nothing', async () => {
      const { sha256 } = await store.put(Buffer.from('Personenbezogene Daten, bald gelöscht'), 'text/plain');
      const kept = await store.put(Buffer.from('bleibt'), 'text/plain');
      assert.equal(fs.existsSync(fileOf(sha256)), backend === 'fs');
      await store.delete(sha256);
      assert.equal(await store.exists(sha256), false);
      assert.equal(fs.existsSync(fileOf(sha256)), false);
      assert.equal(await runtime.ctx.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst(), undefined);
      await assert.rejects(store.get(sha256), NotFoundError);
      await store.delete(sha256);
      assert.deepEqual(await store.get(kept.sha256), Buffer.from('bleibt'));
    });

    it('finishes a delete that stopped between the bytes and the row', async () => {
      const { sha256 } = await store.put(Buffer.from('halb gelöscht'), 'text/plain');
      if (backend === 'fs') fs.rmSync(fileOf(sha256));
      else await runtime.ctx.db.updateTable('blobs').set({ data: null }).where('sha256', '=', sha256).execute();
      await store.delete(sha256);
      assert.equal(await store.exists(sha256), false);
    });

    it('ignores malformed addresses', async () => {
      await store.delete('../../etc/passwd');
    });
  });
}
