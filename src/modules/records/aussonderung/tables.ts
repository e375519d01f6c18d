import type { Kysely } from 'kysely';
import type { Migration } from '../../../core/db/index.js';

/**
 * One Aussonderung with the archive: an XDOMEA process (its id is the ProzessID every message of
 * it carries). It starts with our 0501 and ends when the archive's 0506 has been imported.
 */
export interface RecordDisposalTable {
  id: string;
  tenant_id: string;
  authority_id: string;
  /** The 0501 Anbieteverzeichnis we sent, in the blob store (SHA-256 address). */
  offer_sha256: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
  /** When the archive's 0502 Bewertungsverzeichnis was imported (once per process). */
  appraised_at: string | null;
  /** When the 0503 package was last exported. */
  exported_at: string | null;
  /** When the archive's 0506 import confirmation was imported (once per process). */
  confirmed_at: string | null;
  /** JSON object: receipt code (0504, 0507) → when it arrived. */
  receipts: string;
  /** The 0505 receipt we wrote for a 0502 that asked for one, in the blob store (SHA-256 address). */
  appraisal_receipt_sha256: string | null;
}

/** An Akte offered in a disposal, with the archive's decision and, for V, who asked to destroy it. */
export interface RecordDisposalItemTable {
  disposal_id: string;
  tenant_id: string;
  file_id: string;
  decision: 'A' | 'V' | null;
  /** Four-eyes: the records manager who asked to destroy a V Akte; another one approves. */
  destruction_requested_by: string | null;
  destruction_requested_by_name: string | null;
}

declare module '../../../core/db/schema.js' {
  interface Tables {
    record_disposals: RecordDisposalTable;
    record_disposal_items: RecordDisposalItemTable;
  }
}

export const aussonderungMigrations: Migration[] = [
  {
    name: '0830_records_aussonderung',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('record_disposals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('offer_sha256', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('appraised_at', 'text')
        .addColumn('exported_at', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('receipts', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_disposals_authority').on('record_disposals').columns(['tenant_id', 'authority_id', 'created_at']).execute();
      // No foreign key to record_files: the item outlives its deleted Akte as the process's memory of it.
      await db.schema
        .createTable('record_disposal_items')
        .addColumn('disposal_id', 'text', (c) => c.notNull().references('record_disposals.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('destruction_requested_by', 'text')
        .addColumn('destruction_requested_by_name', 'text')
        .addPrimaryKeyConstraint('record_disposal_items_pk', ['disposal_id', 'file_id'])
        .execute();
      await db.schema.createIndex('record_disposal_items_file').on('record_disposal_items').columns(['tenant_id', 'file_id']).execute();
    },
  },
  {
    name: '0831_records_aussonderung_receipt',
    async up(db: Kysely<any>) {
      await db.schema.alterTable('record_disposals').addColumn('appraisal_receipt_sha256', 'text').execute();
    },
  },
];
