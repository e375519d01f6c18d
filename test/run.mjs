#!/usr/bin/env node
// Runs the test files under the given folders (default: test and e2e) with node's test runner.
// Node 20 has no glob support in --test, so we list the files ourselves.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const folders = roots.length ? roots : ['test', 'e2e'];

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return collect(full);
    return /\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const files = folders.flatMap(collect).sort();
if (files.length === 0) {
  console.error(`no test files under ${folders.join(', ')}`);
  process.exit(1);
}
// Browser tests share one machine's two cores badly; run them one file at a time.
const e2eOnly = files.every((f) => f.startsWith('e2e'));
const concurrency = e2eOnly ? ['--test-concurrency=1'] : [];
// A test that hangs (a browser waiting for a page that never comes) fails after this, not never.
// The longest journey (the teacher round, one test of some forty pages) took 5 minutes on a
// loaded two-core machine; the limit leaves it room without letting a hang eat CI's time.
const timeout = ['--test-timeout=600000'];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...timeout, ...concurrency, ...passThrough, ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
