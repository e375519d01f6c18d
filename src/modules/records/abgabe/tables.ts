import type { Kysely } from 'kysely';
import type { Migration } from '../../../core/db/index.js';

/**
 * Where a hand-over stands: `pending` until the first delivery, `failed` after a delivery error
 * (or a DMS that refused the import in its 0402), `sent` once the package is delivered, `confirmed`
 * once the DMS's 0402 has been imported (the Vorgang is then abgegeben).
 */
export type HandoverState = 'pending' | 'failed' | 'sent' | 'confirmed';

/**
 * One Abgabe of a closed Vorgang to the external DMS of an authority that keeps its E-Akte there:
 * an XDOMEA process whose id is the ProzessID of the 0401 and of the DMS's 0402. The row is written
 * in the zdA transaction, so the ProzessID is fixed before anything is delivered and every retry
 * sends the same process.
 */
export interface RecordHandoverTable {
  /** The ProzessID. */
  id: string;
  tenant_id: string;
  authority_id: string;
  /** The Vorgang handed over (one hand-over per Vorgang). */
  process_id: string;
  file_id: string;
  state: HandoverState;
  /** Raised by each retry by hand; a delivery job of an older round does nothing. */
  round: number;
  /** Delivery attempts so far (all rounds). */
  attempts: number;
  last_error: string | null;
  /** The folder or URL the package went to, as it was when it was delivered. */
  target: string | null;
  /** `<ProzessID>_Abgabe.Abgabe.0401.zip` and the SHA-256 of the ZIP as delivered. */
  package_name: string | null;
  package_sha256: string | null;
  created_at: string;
  sent_at: string | null;
  confirmed_at: string | null;
  /** When the DMS's 0403 EmpfangBestaetigen (receipt of the package, before or after its 0402) was read. */
  received_at: string | null;
  updated_at: string;
}

declare module '../../../core/db/schema.js' {
  interface Tables {
    record_handovers: RecordHandoverTable;
  }
}

export const abgabeMigrations: Migration[] = [
  {
    name: '0850_records_abgabe',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('record_handovers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('target', 'text')
        .addColumn('package_name', 'text')
        .addColumn('package_sha256', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_handovers_process').on('record_handovers').columns(['tenant_id', 'process_id']).unique().execute();
      await db.schema.createIndex('record_handovers_state').on('record_handovers').columns(['tenant_id', 'authority_id', 'state', 'created_at']).execute();
    },
  },
  {
    name: '0860_records_abgabe_receipt',
    async up(db: Kysely<any>) {
      await db.schema.alterTable('record_handovers').addColumn('received_at', 'text').execute();
      // The Aussonderung's due list asks per Akte whether it was handed over.
      await db.schema.createIndex('record_handovers_file').on('record_handovers').columns(['tenant_id', 'file_id']).execute();
    },
  },
];
