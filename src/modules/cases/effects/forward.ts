import { Type } from 'typebox';
import { FromInput } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';
import { inputString } from './inputs.js';
import { openLinkedCase } from './linked-case.js';

/** Hands the application over to the authority chosen in an input, which opens its own case. */
export const forward = defineEffect({
  name: 'forward',
  schema: Type.Object({ authority: FromInput }, { additionalProperties: false }),
  async apply(value, applying) {
    await openLinkedCase(applying, { kind: 'forwarding', authorityId: inputString(applying.prepared.inputs, value.authority.input)!, question: null });
  },
});
