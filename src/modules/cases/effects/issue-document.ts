import crypto from 'node:crypto';
import { Type } from 'typebox';
import { openBlobStore } from '../../../core/blobs/index.js';
import { bilingual } from '../../../core/i18n/index.js';
import { ConflictError } from '../../../core/errors.js';
import { postToApplicant } from '../access.js';
import { addresseeOf, bescheidPdf } from '../documents.js';
import { insertDocumentVersion, latestDocument } from '../store.js';
import { Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';

interface Issued {
  kind: string;
  title: string;
  body: string;
  version: number;
  pdf: Buffer;
}

/**
 * Makes the latest draft of a kind final: its PDF goes to the applicant's Postfach, and the final
 * version records the PDF's hash and the message. The PDF is rendered before the transaction
 * (it takes a while); while a four-eyes request only waits, the draft is checked but not rendered.
 */
export const issueDocument = defineEffect({
  name: 'issueDocument',
  schema: Type.Object({ kind: Name }, { additionalProperties: false }),
  async prepare(value, ctx, { kase, authority, workflow, application }, { render }): Promise<Issued | undefined> {
    const draft = await latestDocument(ctx.db, kase.tenantId, kase.id, value.kind);
    if (draft?.status !== 'draft') throw new ConflictError('cases.document.noDraft');
    if (!render) return undefined;
    const addressee = addresseeOf(workflow, application, kase);
    const pdf = await bescheidPdf(ctx.clock, { title: draft.title, body: draft.body, authority, addressee });
    return { kind: value.kind, title: draft.title, body: draft.body, version: Number(draft.version), pdf };
  },
  async apply(_value, { trx, ctx, prepared, stored, message, event }, issued) {
    if (!issued) return;
    const { kase, actor } = prepared;
    const blob = await openBlobStore(ctx).put(issued.pdf, 'application/pdf', trx);
    const fileName = `${issued.kind === 'bescheid' ? 'Bescheid' : issued.kind}-${kase.reference}.pdf`;
    const messageId = await postToApplicant(trx, ctx, {
      ...message,
      subject: issued.title,
      body: bilingual('cases.issued.message'),
      attachments: [{ name: fileName, type: 'application/pdf', size: issued.pdf.length, sha256: blob.sha256 }],
    });
    await insertDocumentVersion(
      trx,
      kase,
      { kind: issued.kind, version: issued.version + 1, status: 'final', title: issued.title, body: issued.body, pdf_sha256: blob.sha256, message_id: messageId },
      actor,
      stored,
    );
    event('documentIssued', { kind: issued.kind, sha256: blob.sha256, message: messageId, sha256OfText: crypto.createHash('sha256').update(issued.body).digest('hex') });
  },
});
