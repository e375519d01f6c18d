import { Type } from 'typebox';
import { postToApplicant } from '../access.js';
import { fillTemplate } from '../documents.js';
import { Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';

/** Posts a message from one of the pack's templates to the applicant's Postfach. */
export const sendMessage = defineEffect({
  name: 'sendMessage',
  schema: Type.Object({ template: Name }, { additionalProperties: false }),
  check(value, { doc, at, report }) {
    if (!Object.hasOwn(doc.templates?.messages ?? {}, value.template)) report(`${at}/template`, `unknown message template "${value.template}"`);
  },
  async apply(value, { trx, ctx, prepared, message, placeholders, event }) {
    const template = prepared.workflow.messageTexts[value.template]!;
    const filled = placeholders();
    const messageId = await postToApplicant(trx, ctx, { ...message, subject: fillTemplate(template.subject, filled), body: fillTemplate(template.body, filled), attachments: [] });
    event('messageSent', { message: messageId, template: value.template });
  },
});
