import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { moduleOf, queriedTables } from './checks.js';

/**
 * Table ownership (docs/architecture.md): a module queries only the tables it declares in its
 * `interface Tables` block; other modules' data comes through their face. The kernel's tables
 * (jobs, audit, tenants, blobs) are reached through the kernel's functions.
 */

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const files = sourceFiles('src').map((file) => ({ file: file.split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') }));

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
