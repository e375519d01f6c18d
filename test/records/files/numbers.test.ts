import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../../src/core/db/index.js';
import { ConflictError } from '../../../src/core/errors.js';
import { formatAktenzeichen } from '../../../src/modules/records/files/numbers.js';
import { createFile, systemAuthor } from '../../../src/modules/records/files/write.js';
import { authoritiesOf, caseTestModules, tenantId, type Authorities } from '../../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { givePlan } from './helpers.js';

describe('Aktenzeichen', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
  });
  after(() => runtime.dispose());

  const unit = (kennzeichen: string) => ({ kennzeichen, title: kennzeichen, retentionYears: 10, disposal: 'V' as const, formation: 'case' as const });
  const newFile = (authorityId: string, unitId: string, kennzeichen: string) =>
    inTransaction(runtime.ctx.db, (trx) =>
      createFile(trx, runtime.ctx, { tenantId: tenant, authorityId, authorityKey: 'x', unit: { id: unitId, kennzeichen }, subject: 'Test', formationKey: null }, systemAuthor),
    );

  it('fills the pattern: Kennzeichen, zero-padded running number, year, authority', () => {
    assert.equal(formatAktenzeichen('{kennzeichen}-{seq:4}/{yyyy}', { kennzeichen: '52.10.20', seq: 7, year: 2026, authority: 'lfulg' }), '52.10.20-0007/2026');
    assert.equal(formatAktenzeichen('{authority} {kennzeichen}/{seq}', { kennzeichen: '3', seq: 12, year: 2026, authority: 'oba' }), 'oba 3/12');
  });

  it('counts per authority and Kennzeichen, restarts with the year only when the pattern shows it, and never gives a number twice', async () => {
    const ids = await givePlan(runtime, tenant, authorities.lfulg.id, [unit('52.10.20'), unit('52.10.30')]);
    assert.equal((await newFile(authorities.lfulg.id, ids['52.10.20']!, '52.10.20')).aktenzeichen, '52.10.20-0001/2026');
    assert.equal((await newFile(authorities.lfulg.id, ids['52.10.20']!, '52.10.20')).aktenzeichen, '52.10.20-0002/2026');
    assert.equal((await newFile(authorities.lfulg.id, ids['52.10.30']!, '52.10.30')).aktenzeichen, '52.10.30-0001/2026');
    runtime.clock.set(new Date('2027-01-04T09:00:00Z'));
    assert.equal((await newFile(authorities.lfulg.id, ids['52.10.20']!, '52.10.20')).aktenzeichen, '52.10.20-0001/2027');
    // without {yyyy} the count runs on across years
    const oba = await givePlan(runtime, tenant, authorities.oba.id, [unit('31.20.10')], '{kennzeichen}/{seq}');
    assert.equal((await newFile(authorities.oba.id, oba['31.20.10']!, '31.20.10')).aktenzeichen, '31.20.10/1');
    runtime.clock.set(new Date('2028-01-04T09:00:00Z'));
    assert.equal((await newFile(authorities.oba.id, oba['31.20.10']!, '31.20.10')).aktenzeichen, '31.20.10/2');
  });

  it('refuses an Aktenzeichen that is taken (e.g. by an Akte brought in from elsewhere) and writes nothing', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const ids = await givePlan(runtime, tenant, authorities.uwb.id, [unit('66.30.10')]);
    const first = await newFile(authorities.uwb.id, ids['66.30.10']!, '66.30.10');
    // the counter is set back, as after a faulty import
    await runtime.ctx.db.updateTable('record_file_numbers').set({ last_number: 0 }).where('unit_id', '=', ids['66.30.10']!).execute();
    await assert.rejects(
      newFile(authorities.uwb.id, ids['66.30.10']!, '66.30.10'),
      (e: unknown) => e instanceof ConflictError && e.code === 'records.error.fileNumberTaken' && e.params.aktenzeichen === first.aktenzeichen,
    );
    const files = await runtime.ctx.db.selectFrom('record_files').select('id').where('plan_unit_id', '=', ids['66.30.10']!).execute();
    assert.equal(files.length, 1);
  });

  it('gives concurrent Akten distinct numbers without gaps', async () => {
    const schools = await givePlan(runtime, tenant, (await runtime.ctx.db.selectFrom('authorities').select('id').where('kind', '=', 'school').executeTakeFirstOrThrow()).id, [
      unit('03.10.20'),
    ]);
    const authorityId = (
      await runtime.ctx.db
        .selectFrom('record_settings')
        .select('authority_id')
        .innerJoin('record_plan_units', 'record_plan_units.plan_id', 'record_settings.plan_id')
        .where('record_plan_units.id', '=', schools['03.10.20']!)
        .executeTakeFirstOrThrow()
    ).authority_id;
    const made = await Promise.all(Array.from({ length: 12 }, () => newFile(authorityId, schools['03.10.20']!, '03.10.20')));
    const numbers = made.map((file) => Number(/-(\d{4})\//.exec(file.aktenzeichen)![1])).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });
});
