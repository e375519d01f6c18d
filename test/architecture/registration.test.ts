import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourceFiles } from './checks.js';

/**
 * Nothing is registered when a file is imported (docs/architecture.md): the runtime registers each
 * module's `messages` when it opens and `buildApp` the web layer's catalogue, so a runtime, a CLI
 * command or a test gets exactly the texts of the modules it is built from.
 */
describe('registration', () => {
  it('registers message catalogues only where the runtime and the app are composed, never at a file’s top level', () => {
    const composition = new Set(['src/runtime.ts', 'src/app.ts']);
    const found = sourceFiles('src').flatMap(({ file, text }) =>
      [...text.matchAll(/^(\s*)(.*)\bregisterMessages\(/gm)]
        .filter(([, indent, before]) => !before!.endsWith('function ') && (!composition.has(file) || indent === ''))
        .map((match) => `${file}:${text.slice(0, match.index).split('\n').length}`),
    );
    assert.deepEqual(found, []);
  });
});
