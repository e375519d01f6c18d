import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycles, moduleOf, queriedTables } from './checks.js';

describe('architecture check helpers', () => {
  it('name the module of a path', () => {
    assert.equal(moduleOf('src/modules/records/plan/store.ts'), 'records');
    assert.equal(moduleOf('src/core/db/index.ts'), 'core');
    assert.equal(moduleOf('node_modules/kysely/dist/index.js'), undefined);
  });

  it('find each cycle once and ignore a chain', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set(['e'])],
    ]);
    assert.deepEqual(findCycles(edges), [['a', 'b', 'c']]);
    assert.deepEqual(findCycles(new Map([['a', new Set(['b'])]])), []);
  });

  it('find the tables a query names', () => {
    assert.deepEqual(queriedTables("db.selectFrom('cases as c').innerJoin('applications', 'a.id', 'c.x')"), ['cases', 'applications']);
  });
});
