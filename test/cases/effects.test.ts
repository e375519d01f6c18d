import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from 'typebox';
import { defineEffect } from '../../src/modules/cases/effects/effect.js';
import { effectProblems, effectRegistry, workflowEffects } from '../../src/modules/cases/effects/registry.js';
import { workflowOf } from '../../src/modules/cases/workflow/load.js';

const workflow = workflowOf('bohranzeige')!;
const action = workflow.actions.closeWithoutDecision!;
const problems = (effect: Record<string, unknown>, registry = workflowEffects) =>
  effectProblems(workflow, action, effect, '/actions/closeWithoutDecision/effects/0', 'workflow.json', registry).map((p) => `${p.path}: ${p.message}`);

describe('workflow effects as plug-ins', () => {
  it('knows every effect the shipped workflows use, each once', () => {
    const used = new Set(Object.values(workflow.actions).flatMap((a) => (a.effects ?? []).map((effect) => Object.keys(effect)[0]!)));
    for (const name of used) assert.ok(workflowEffects.has(name), name);
    assert.throws(() => effectRegistry([...workflowEffects.values(), workflowEffects.get('close')!]), /the workflow effect "close" is defined twice/);
  });

  it('refuses an unknown effect by name, and a bad value at its own pointer', () => {
    assert.match(problems({ teleport: {} })[0]!, /^\/actions\/closeWithoutDecision\/effects\/0: unknown effect "teleport" \(known: setFee, close, /);
    assert.deepEqual(problems({ setDeadline: { kind: 'reply', workingDays: 0 } }).length, 1);
    assert.match(problems({ setDeadline: { kind: 'reply', workingDays: 0 } })[0]!, /^\/actions\/closeWithoutDecision\/effects\/0\/setDeadline\/workingDays: /);
    assert.deepEqual(problems({ setDeadline: { kind: 'reply' } }), ['/actions/closeWithoutDecision/effects/0/setDeadline: needs exactly one of workingDays and input']);
    assert.deepEqual(problems({ sendMessage: { template: 'constructor' } }), [
      '/actions/closeWithoutDecision/effects/0/sendMessage/template: unknown message template "constructor"',
    ]);
  });

  it('checks a new plug-in by its own schema and check, without a change to the engine', () => {
    const notify = defineEffect({
      name: 'notifyOffice',
      schema: Type.Object({ office: Type.String({ minLength: 2 }) }, { additionalProperties: false }),
      check(value, { at, report }) {
        if (value.office === 'nowhere') report(`${at}/office`, 'no such office');
      },
    });
    const registry = effectRegistry([...workflowEffects.values(), notify]);
    assert.deepEqual(problems({ notifyOffice: { office: 'Poststelle' } }, registry), []);
    assert.deepEqual(problems({ notifyOffice: { office: 'nowhere' } }, registry), ['/actions/closeWithoutDecision/effects/0/notifyOffice/office: no such office']);
    assert.match(problems({ notifyOffice: { office: 'x' } }, registry)[0]!, /^\/actions\/closeWithoutDecision\/effects\/0\/notifyOffice\/office: /);
    assert.match(problems({ notifyOffice: { office: 'Poststelle' } })[0]!, /unknown effect "notifyOffice"/, 'the shipped registry does not know it');
  });
});
