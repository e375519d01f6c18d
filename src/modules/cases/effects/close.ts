import { Type } from 'typebox';
import { FromInput, Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';
import { inputString } from './inputs.js';

/** Records the result of a closing action: a fixed code or one chosen in an input, and an optional note. */
export const close = defineEffect({
  name: 'close',
  schema: Type.Object({ result: Type.Union([Name, FromInput]), note: Type.Optional(FromInput) }, { additionalProperties: false }),
  check(_value, { doc, action, at, report }) {
    if (!doc.states[action.to]?.terminal) report(at, `closes the case, but "${action.to}" is not a terminal state`);
  },
  plan(value, { inputs, working, changes }) {
    const result = typeof value.result === 'string' ? value.result : (inputString(inputs, value.result.input) ?? null);
    working.result = result;
    changes.result = result;
    if (value.note) changes.result_note = inputString(inputs, value.note.input) ?? null;
  },
});
