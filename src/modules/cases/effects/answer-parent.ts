import { Type } from 'typebox';
import { FromInput } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';
import { inputString } from './inputs.js';

/** An involvement's answer: written to the link and shown on the parent case's timeline. */
export const answerParent = defineEffect({
  name: 'answerParent',
  schema: Type.Object({ text: FromInput }, { additionalProperties: false }),
  async apply(value, { trx, prepared, stored, pushEvent }) {
    const { kase, inputs, actor, authority } = prepared;
    if (!kase.parentCaseId) return;
    const answer = inputString(inputs, value.text.input) ?? '';
    await trx
      .updateTable('case_links')
      .set({ answer, answered_at: stored })
      .where('tenant_id', '=', kase.tenantId)
      .where('to_case_id', '=', kase.id)
      .where('kind', '=', 'involvement')
      .execute();
    pushEvent({
      tenantId: kase.tenantId,
      caseId: kase.parentCaseId,
      kind: 'opinionReceived',
      actor,
      details: { from: kase.authorityId, authorityName: authority.name, case: kase.id, opinion: answer },
      at: stored,
    });
    await trx.updateTable('cases').set({ updated_at: stored }).where('tenant_id', '=', kase.tenantId).where('id', '=', kase.parentCaseId).execute();
  },
});
