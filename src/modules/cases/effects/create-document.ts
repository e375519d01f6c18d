import { Type } from 'typebox';
import { fillTemplate } from '../documents.js';
import { insertDocumentVersion, latestDocument } from '../store.js';
import { Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';

/** Drafts a document of a kind (e.g. the Bescheid) from a template: a new version after the latest. */
export const createDocument = defineEffect({
  name: 'createDocument',
  schema: Type.Object({ template: Name, kind: Name }, { additionalProperties: false }),
  check(value, { doc, at, report }) {
    if (!Object.hasOwn(doc.templates?.documents ?? {}, value.template)) report(`${at}/template`, `unknown document template "${value.template}"`);
  },
  async apply(value, { trx, prepared, stored, placeholders, event }) {
    const { kase, workflow, actor } = prepared;
    const template = workflow.documentTexts[value.template]!;
    const filled = placeholders();
    const previous = await latestDocument(trx, kase.tenantId, kase.id, value.kind);
    const version = previous ? Number(previous.version) + 1 : 1;
    const text = { title: fillTemplate(template.title, filled), body: fillTemplate(template.body, filled) };
    await insertDocumentVersion(trx, kase, { kind: value.kind, version, status: 'draft', ...text, pdf_sha256: null, message_id: null }, actor, stored);
    event('documentDrafted', { kind: value.kind, version });
  },
});
