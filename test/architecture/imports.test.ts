import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { modules } from '../../src/modules/index.js';
import { findCycles, moduleOf } from './checks.js';

/**
 * The import rules of docs/architecture.md, as dependency-cruiser checks them
 * (`.dependency-cruiser.cjs`), plus one it cannot express: no cycle between modules.
 */

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

describe('imports', () => {
  let result: ICruiseResult;
  before(async () => {
    const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } };
    const output = await cruise(['src'], options as never, {}, { tsConfig: extractTSConfig('tsconfig.json') });
    result = output.output as ICruiseResult;
  });

  it('cruised the whole source tree', () => {
    assert.ok(result.modules.length > 300, `only ${result.modules.length} files were read: is the TypeScript resolution broken?`);
  });

  it('follow the rules of .dependency-cruiser.cjs', () => {
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    assert.deepEqual(found, []);
  });

  it('form no cycle between modules', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of result.modules) {
      const from = moduleOf(file.source);
      if (!from) continue;
      for (const dependency of file.dependencies) {
        const to = moduleOf(dependency.resolved);
        if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    assert.ok(edges.size >= 8, 'the module graph is missing modules');
    assert.deepEqual(findCycles(edges), []);
  });

  it('declare in dependsOn exactly the modules whose faces they import', () => {
    // A folder holds one module or, like records with records-plan, a module and its parts.
    const folderOf = (name: string) => (fs.existsSync(`src/modules/${name}`) ? name : name.split('-')[0]!);
    const folders = new Set(modules.map((module) => folderOf(module.name)));
    const imported = new Map<string, Set<string>>();
    for (const file of result.modules) {
      const from = moduleOf(file.source);
      if (!from || !folders.has(from)) continue;
      for (const dependency of file.dependencies) {
        const to = moduleOf(dependency.resolved);
        if (to && to !== from && folders.has(to)) imported.set(from, (imported.get(from) ?? new Set()).add(to));
      }
    }
    const declared = new Map<string, Set<string>>();
    for (const module of modules) {
      const set = declared.get(folderOf(module.name)) ?? new Set<string>();
      for (const dependency of module.dependsOn ?? []) if (folderOf(dependency) !== folderOf(module.name)) set.add(folderOf(dependency));
      declared.set(folderOf(module.name), set);
    }
    const sorted = (map: Map<string, Set<string>>) => Object.fromEntries([...folders].sort().map((folder) => [folder, [...(map.get(folder) ?? [])].sort()]));
    assert.deepEqual(sorted(declared), sorted(imported));
  });
});
