import { Type } from 'typebox';
import { FromInput } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';
import { inputString } from './inputs.js';
import { openLinkedCase } from './linked-case.js';

/** Asks the authority chosen in an input for an opinion (Beteiligung), with an optional question. */
export const involve = defineEffect({
  name: 'involve',
  schema: Type.Object({ authority: FromInput, question: Type.Optional(FromInput) }, { additionalProperties: false }),
  check(_value, { doc, report }) {
    // An involvement whose case has closed would wait in the other authority's inbox for ever.
    if (!doc.onParentClosed) report('/onParentClosed', 'the workflow involves other authorities: name the action that withdraws an open involvement when its case closes');
  },
  async apply(value, applying) {
    const { inputs } = applying.prepared;
    const question = value.question ? (inputString(inputs, value.question.input) ?? null) : null;
    await openLinkedCase(applying, { kind: 'involvement', authorityId: inputString(inputs, value.authority.input)!, question });
  },
});
