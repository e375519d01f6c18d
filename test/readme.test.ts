import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

/** The README promises a table of every configuration variable; this keeps the promise true. */
describe('README', () => {
  it('documents every variable the configuration reads', () => {
    const config = fs.readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8');
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const variables = new Set([...config.matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]));
    assert.ok(variables.size >= 15, `found only ${variables.size} variables in src/config.ts`);
    const undocumented = [...variables].filter((name) => !readme.includes(`| \`${name}\` |`));
    assert.deepEqual(undocumented, []);
  });

  it('shows the two set-up commands', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm test/);
  });
});
