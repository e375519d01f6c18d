import type { Executor } from '../../core/db/index.js';
import { contains } from '../../core/db/like.js';

/**
 * Whether an application still holds this blob: as an attachment, as its receipt, or as a file
 * of a Postfach message. Blobs are stored once per content, so another module deleting its copy
 * (the E-Akte after an Aussonderung) must leave a blob that an application still holds.
 */
export async function applicationsHoldBlob(db: Executor, sha256: string): Promise<boolean> {
  const holders = await Promise.all([
    db.selectFrom('application_attachments').select('id').where('sha256', '=', sha256).executeTakeFirst(),
    db.selectFrom('applications').select('id').where('receipt_sha256', '=', sha256).executeTakeFirst(),
    db
      .selectFrom('messages')
      .select('id')
      .where((eb) => contains(eb.ref('attachments'), sha256))
      .executeTakeFirst(),
  ]);
  return holders.some(Boolean);
}
