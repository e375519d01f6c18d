import { appendAudit, type AuditActor } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import type { Executor, Trx } from '../../../core/db/index.js';
import { enqueueJob, type JobHandler } from '../../../core/jobs/index.js';
import { newId } from '../../../core/ids.js';
import { applicationsHoldBlob } from '../../applications/index.js';
import { caseHoldsBlob } from '../../cases/index.js';
import { recordBlobs } from '../files/write.js';
import { forgetObjects } from '../search/terms.js';
import type { RecordFileTable } from '../tables.js';

/**
 * Deleting an Akte at the end of its Aussonderung. The rows and the Löschprotokoll go in one
 * transaction; the blobs follow after the commit through an outbox job, so a crash either keeps
 * the whole Akte or deletes it with its protocol entry, and the job finishes the blobs later.
 */

export const deleteBlobsJobType = 'records.deleteBlobs';

export interface Deletion {
  reason: 'archived' | 'destroyed';
  archiveId: string | null;
  deletedBy: { id: string | null; name: string; audit: AuditActor };
  approvedBy?: { id: string | null; name: string };
}

/** Deletes the Akte with its Vorgänge, Dokumente and versions, writes the Löschprotokoll and queues the blob deletion. */
export async function deleteFile(trx: Trx, ctx: AppContext, file: RecordFileTable, deletion: Deletion): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const processes = await trx
    .selectFrom('record_processes')
    .select(['id', 'aktenzeichen', 'subject', 'opened_on', 'closed_on'])
    .where('tenant_id', '=', file.tenant_id)
    .where('file_id', '=', file.id)
    .execute();
  const documentIds = trx.selectFrom('record_documents').select('id').where('tenant_id', '=', file.tenant_id).where('file_id', '=', file.id);
  const versions = await trx.selectFrom('record_document_versions').select('sha256').where('tenant_id', '=', file.tenant_id).where('document_id', 'in', documentIds).execute();
  const documents = await documentIds.execute();
  // The search index holds words of the Betreff and the text: they go with the objects.
  await forgetObjects(trx, file.tenant_id, [file.id, ...processes.map((process) => process.id), ...documents.map((document) => document.id)]);
  await trx.deleteFrom('record_document_versions').where('tenant_id', '=', file.tenant_id).where('document_id', 'in', documentIds).execute();
  await trx.deleteFrom('record_documents').where('tenant_id', '=', file.tenant_id).where('file_id', '=', file.id).execute();
  await trx.deleteFrom('record_processes').where('tenant_id', '=', file.tenant_id).where('file_id', '=', file.id).execute();
  await trx.deleteFrom('record_files').where('tenant_id', '=', file.tenant_id).where('id', '=', file.id).execute();
  // The Löschprotokoll: IDs, Aktenzeichen, Betreff, dates, by whom, the archive's ID — nothing else.
  const entry = (objectType: 'file' | 'process', object: { id: string; aktenzeichen: string; subject: string; opened_on: string; closed_on: string | null }) => ({
    id: newId(),
    tenant_id: file.tenant_id,
    authority_id: file.authority_id,
    object_type: objectType,
    object_id: object.id,
    aktenzeichen: object.aktenzeichen,
    subject: object.subject,
    opened_on: object.opened_on,
    closed_on: object.closed_on,
    reason: deletion.reason,
    archive_id: deletion.archiveId,
    deleted_by_id: deletion.deletedBy.id,
    deleted_by_name: deletion.deletedBy.name,
    approved_by_id: deletion.approvedBy?.id ?? null,
    approved_by_name: deletion.approvedBy?.name ?? null,
    deleted_at: now,
  });
  await trx
    .insertInto('record_deletions')
    .values([entry('file', file), ...processes.map((p) => entry('process', p))])
    .execute();
  await appendAudit(trx, ctx, {
    tenantId: file.tenant_id,
    actor: deletion.deletedBy.audit,
    action: 'records.aussonderung.delete',
    objectType: 'record_file',
    objectId: file.id,
    details: { aktenzeichen: file.aktenzeichen, reason: deletion.reason, archiveId: deletion.archiveId, versions: versions.length },
  });
  const sha256s = [...new Set(versions.map((v) => v.sha256))];
  if (sha256s.length) await enqueueJob(trx, ctx, { type: deleteBlobsJobType, tenantId: file.tenant_id, payload: { sha256s }, dedupeKey: `${deleteBlobsJobType}:${file.id}` });
}

/**
 * Blobs are stored once per content, so the same bytes may still belong to something else (the
 * application's attachment the document was filed from, another Akte's version). Such a blob stays
 * until its last holder goes.
 */
async function stillReferenced(db: Executor, sha256: string): Promise<boolean> {
  const holders = await Promise.all([
    db.selectFrom('record_document_versions').select('id').where('sha256', '=', sha256).executeTakeFirst(),
    db
      .selectFrom('record_disposals')
      .select('id')
      .where((eb) => eb.or([eb('offer_sha256', '=', sha256), eb('appraisal_receipt_sha256', '=', sha256)]))
      .executeTakeFirst(),
    applicationsHoldBlob(db, sha256),
    caseHoldsBlob(db, sha256),
  ]);
  return holders.some(Boolean);
}

/** Deletes the blobs of a deleted Akte that nothing else holds; safe to repeat. */
const deleteBlobs: JobHandler = async (ctx, payload: { sha256s: string[] }) => {
  const blobs = recordBlobs(ctx);
  for (const sha256 of payload.sha256s) {
    if (!(await stillReferenced(ctx.db, sha256))) await blobs.delete(sha256);
  }
};

export const aussonderungJobs: Record<string, JobHandler> = { [deleteBlobsJobType]: deleteBlobs };
