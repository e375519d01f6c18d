import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moduleOf, queriedTables, sourceFiles } from './checks.js';

/**
 * Table ownership (docs/architecture.md): a module queries only the tables it declares in its
 * `interface Tables` block; other modules' data comes through their face. The kernel's tables
 * (jobs, audit, tenants, blobs) are reached through the kernel's functions.
 */

const files = sourceFiles('src');

/** table → owning module, from every `interface Tables { name: …Table; }` block. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { file, text } of files) {
    for (const block of text.matchAll(/interface Tables \{([^}]*)\}/g)) {
      for (const [, table] of block[1]!.matchAll(/^\s*([a-z_]+)\s*:/gm)) owners.set(table!, moduleOf(file)!);
    }
  }
  return owners;
}

describe('table ownership', () => {
  const owners = tableOwners();

  it('knows the owner of every table', () => {
    for (const table of ['accounts', 'applications', 'cases', 'record_files', 'outbox_jobs', 'authorities']) assert.ok(owners.has(table), `no owner found for ${table}`);
  });

  it('each module queries only its own tables', () => {
    const found = new Set<string>();
    for (const { file, text } of files) {
      const module = moduleOf(file);
      for (const table of queriedTables(text)) {
        const owner = owners.get(table);
        if (owner && owner !== module) found.add(`${file.replace(/^src\/(modules\/)?/, '')} queries ${table} (${owner})`);
      }
    }
    assert.deepEqual([...found].sort(), []);
  });
});
