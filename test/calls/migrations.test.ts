import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { migrate } from '../../src/core/db/index.js';
import { coreMigrations } from '../../src/core/migrations.js';
import { callMigrations } from '../../src/modules/calls/migrations.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

/** 0701 moves the teacher columns of postings made before into `attributes`, 0702 renames the hiring date to the start date; both engines. */
describe('calls migrations 0701_call_posting_attributes and 0702_call_start_date', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ modules: [], seed: false });
  });
  after(() => runtime.dispose());

  it('backfills attributes from school, Schulart and subjects and drops those columns, and keeps the hiring date as the start date', async () => {
    const { db, dialect } = runtime.ctx;
    const [calls, postingAttributes] = callMigrations;
    assert.equal(postingAttributes?.name, '0701_call_posting_attributes');
    await migrate(db, dialect, [...coreMigrations, calls!]);
    // The rows as they were before 0701, when the table had other columns than its type says now.
    const untyped = db as unknown as Kysely<any>;
    await untyped
      .insertInto('calls')
      .values({
        id: 'c1',
        tenant_id: 't',
        procedure_key: 'lehrerbewerbung',
        title: 'Runde',
        hiring_date: '2026-08-01',
        opens_on: '2026-03-01',
        closes_on: '2026-04-30',
        groups: '[]',
        created_at: '2026-03-01T00:00:00Z',
      })
      .execute();
    const posting = { tenant_id: 't', call_id: 'c1', opens_on: '2026-03-01', closes_on: '2026-04-30', created_at: '2026-03-01T00:00:00Z' };
    await untyped
      .insertInto('call_postings')
      .values([
        { ...posting, id: 'p1', reference: 'GY-1', school: 'Thomasschule Leipzig', schulart: 'gymnasium', subjects: '["mathematik","physik"]' },
        { ...posting, id: 'p2', reference: 'OS-1', school: '102. Oberschule', schulart: 'oberschule', subjects: '[]' },
      ])
      .execute();

    assert.deepEqual((await migrate(db, dialect, [...coreMigrations, ...callMigrations])).applied, ['0701_call_posting_attributes', '0702_call_start_date']);
    assert.equal((await db.selectFrom('calls').select('start_date').executeTakeFirstOrThrow()).start_date, '2026-08-01');
    const rows = await db.selectFrom('call_postings').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((row) => [row.reference, JSON.parse(row.attributes)]),
      [
        ['GY-1', { school: 'Thomasschule Leipzig', schulart: 'gymnasium', subjects: ['mathematik', 'physik'] }],
        ['OS-1', { school: '102. Oberschule', schulart: 'oberschule', subjects: [] }],
      ],
    );
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['attributes', 'call_id', 'closes_on', 'created_at', 'id', 'opens_on', 'reference', 'tenant_id']);
  });
});
