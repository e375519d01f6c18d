import { Type } from 'typebox';
import { enqueueJob } from '../../../core/jobs/index.js';
import { siblingJobType, type SiblingPayload } from '../siblings.js';
import { Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';

/** The system performs `action` on the open cases of the applicant's sibling applications (e.g. the same call); see ../siblings.ts. */
export const closeSiblings = defineEffect({
  name: 'closeSiblings',
  schema: Type.Object({ action: Name }, { additionalProperties: false }),
  check(value, { doc, at, report }) {
    if (!Object.hasOwn(doc.actions, value.action)) report(`${at}/action`, `unknown action "${value.action}"`);
  },
  async apply(value, { trx, ctx, prepared: { kase }, event }) {
    await enqueueJob(trx, ctx, {
      type: siblingJobType,
      payload: { tenantId: kase.tenantId, applicationId: kase.applicationId, action: value.action } satisfies SiblingPayload,
      tenantId: kase.tenantId,
    });
    event('siblingsClosing', { action: value.action });
  },
});
