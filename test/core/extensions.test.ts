import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contribution, extensionPoint, ModuleSetupError } from '../../src/core/extensions.js';
import { composeModules, type AmtswegModule } from '../../src/core/module.js';

const greeters = extensionPoint<string>('greeter');
const bases = extensionPoint<{ name: string; size: number }>('base map', (base) => base.name);

describe('module composition', () => {
  it('collects each point’s entries in module order and finds named ones', () => {
    const extensions = composeModules([
      { name: 'a', contributes: [contribution(greeters, 'hello'), contribution(bases, { name: 'land', size: 1 })] },
      { name: 'b', dependsOn: ['a'], contributes: [contribution(greeters, 'servus')] },
    ]);
    assert.deepEqual(extensions.of(greeters), ['hello', 'servus']);
    assert.equal(extensions.find(bases, 'land')?.size, 1);
    assert.equal(extensions.find(bases, 'sea'), undefined);
    assert.deepEqual(composeModules([{ name: 'b' }]).of(greeters), [], 'a runtime without the contributing module has none');
  });

  it('refuses a module whose dependency is missing or comes after it, naming both', () => {
    const late: AmtswegModule = { name: 'late' };
    assert.throws(() => composeModules([{ name: 'early', dependsOn: ['late'] }, late]), new ModuleSetupError('the module early needs the module late before it'));
    assert.throws(() => composeModules([{ name: 'alone', dependsOn: ['gone'] }]), /the module alone needs the module gone before it/);
  });

  it('refuses one module listed twice, two entries under one name and two handlers of one job type', () => {
    assert.throws(() => composeModules([{ name: 'a' }, { name: 'a' }]), /the module a is listed twice/);
    assert.throws(
      () =>
        composeModules([
          { name: 'catalog', contributes: [contribution(bases, { name: 'saxony', size: 1 })] },
          { name: 'other', contributes: [contribution(bases, { name: 'saxony', size: 2 })] },
        ]),
      new ModuleSetupError('the base map "saxony" is contributed by the modules catalog and other'),
    );
    const job = async () => {};
    assert.throws(
      () =>
        composeModules([
          { name: 'cases', jobs: { 'case.timer': job } },
          { name: 'other', jobs: { 'case.timer': job } },
        ]),
      new ModuleSetupError('the job type "case.timer" is handled by the modules cases and other'),
    );
  });
});
