import { sql } from 'kysely';
import type { Migration } from '../../core/db/index.js';

/**
 * Calls ("Ausschreibungsrunden"): application windows of a procedure (e.g. a hiring round with its
 * start date, the hiring date), postings inside a call (e.g. a school-specific Stellenausschreibung with its own
 * window and the attributes the pack declares), and which call (and posting) each application belongs to.
 */
export const callMigrations: Migration[] = [
  {
    name: '0700_calls',
    async up(db) {
      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('hiring_date', 'text')
        .addColumn('opens_on', 'text', (c) => c.notNull())
        .addColumn('closes_on', 'text', (c) => c.notNull())
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calls_by_procedure').on('calls').columns(['tenant_id', 'procedure_key', 'closes_on']).execute();
      await db.schema
        .createTable('call_postings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addColumn('schulart', 'text', (c) => c.notNull())
        .addColumn('subjects', 'text', (c) => c.notNull())
        .addColumn('opens_on', 'text', (c) => c.notNull())
        .addColumn('closes_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('call_postings_reference', ['tenant_id', 'reference'])
        .execute();
      await db.schema.createIndex('call_postings_by_call').on('call_postings').columns(['tenant_id', 'call_id']).execute();
      await db.schema
        .createTable('call_entries')
        .addColumn('application_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
        .addColumn('posting_id', 'text', (c) => c.references('call_postings.id'))
        .addColumn('account_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('submitted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // The database's own guarantee behind the submission guard: one submitted application per person, call and kind.
      await sql`CREATE UNIQUE INDEX call_entries_one_per_person ON call_entries (tenant_id, call_id, account_id, kind) WHERE submitted = 1`.execute(db);
      await db.schema.createIndex('call_entries_by_account').on('call_entries').columns(['tenant_id', 'account_id', 'call_id']).execute();
    },
  },
  {
    // A posting's attributes are the fields its procedure pack declares (`calls.postingFields`), no
    // longer columns of this table. Postings made before were all the teacher pack's, whose fields
    // carry the old columns' names, so the backfill keeps them as they were.
    name: '0701_call_posting_attributes',
    async up(db) {
      await db.schema
        .alterTable('call_postings')
        .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      const rows: { id: string; school: string; schulart: string; subjects: string }[] = await db
        .selectFrom('call_postings')
        .select(['id', 'school', 'schulart', 'subjects'])
        .execute();
      for (const row of rows) {
        const attributes = { school: row.school, schulart: row.schulart, subjects: JSON.parse(row.subjects) as string[] };
        await db
          .updateTable('call_postings')
          .set({ attributes: JSON.stringify(attributes) })
          .where('id', '=', row.id)
          .execute();
      }
      for (const column of ['school', 'schulart', 'subjects']) await db.schema.alterTable('call_postings').dropColumn(column).execute();
    },
  },
  {
    // A call's date is when what it offers starts (a hiring date for teachers, a start of funding …);
    // the pack names it (`calls.labels.startDate`). Renamed in place, so existing dates stay.
    name: '0702_call_start_date',
    async up(db) {
      await db.schema.alterTable('calls').renameColumn('hiring_date', 'start_date').execute();
    },
  },
];

export interface CallTable {
  id: string;
  tenant_id: string;
  procedure_key: string;
  title: string;
  /** When what the call offers starts (ISO date), named by the pack's `calls.labels.startDate`. */
  start_date: string | null;
  opens_on: string;
  closes_on: string;
  /** JSON array of the applicant groups the call is for (e.g. ["A1","A2"]); empty = all. */
  groups: string;
  created_at: string;
}

export interface CallPostingTable {
  id: string;
  tenant_id: string;
  call_id: string;
  reference: string;
  /** JSON object: the values of the procedure's `calls.postingFields` by key (text, a code, or an array of codes). */
  attributes: string;
  opens_on: string;
  closes_on: string;
  created_at: string;
}

export interface CallEntryTable {
  application_id: string;
  tenant_id: string;
  call_id: string;
  posting_id: string | null;
  account_id: string | null;
  /** `main` or one of the procedure's secondary kinds; fixed at submission. */
  kind: string;
  submitted: number;
  created_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    calls: CallTable;
    call_postings: CallPostingTable;
    call_entries: CallEntryTable;
  }
}
