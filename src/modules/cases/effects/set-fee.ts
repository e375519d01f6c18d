import { Type } from 'typebox';
import { FromInput } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';

/** Sets the case's fee from a money input; none or zero means free of charge. */
export const setFee = defineEffect({
  name: 'setFee',
  schema: Type.Object({ amount: FromInput }, { additionalProperties: false }),
  plan(value, { inputs, working, changes }) {
    const cents = inputs[value.amount.input];
    working.feeCents = typeof cents === 'number' && cents > 0 ? cents : null;
    changes.fee_cents = working.feeCents;
    changes.fee_status = working.feeCents ? 'open' : null;
  },
});
