import type { Migration } from '../../core/db/index.js';
import './tables.js';

export const applicationMigrations: Migration[] = [
  {
    name: '0510_applications',
    async up(db) {
      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('procedure_version', 'integer', (c) => c.notNull())
        .addColumn('owner_account_id', 'text')
        .addColumn('created_by_account_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('current_page', 'text')
        .addColumn('reference', 'text', (c) => c.unique())
        .addColumn('submitted_at', 'text')
        .addColumn('data_hash', 'text')
        .addColumn('submit_key', 'text')
        .addColumn('receipt_sha256', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('reminder_sent_at', 'text')
        .addColumn('resume_token_hash', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('applications_owner').on('applications').columns(['tenant_id', 'owner_account_id', 'updated_at']).execute();
      await db.schema.createIndex('applications_expiry').on('applications').columns(['status', 'expires_at']).execute();

      await db.schema
        .createTable('application_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('application_attachments_app').on('application_attachments').column('application_id').execute();

      await db.schema
        .createTable('application_recipients')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('authority_name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('application_recipients_once', ['application_id', 'authority_id'])
        .execute();
      await db.schema.createIndex('application_recipients_authority').on('application_recipients').columns(['tenant_id', 'authority_id', 'status']).execute();

      await db.schema
        .createTable('application_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('application_events_app').on('application_events').columns(['application_id', 'created_at']).execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text')
        .addColumn('author_account_id', 'text')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attachments', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('messages_app').on('messages').columns(['application_id', 'created_at']).execute();
    },
  },
  {
    name: '0511_application_follow_ups',
    async up(db) {
      await db.schema
        .createTable('application_follow_ups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('duty', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('fulfilled_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('application_follow_ups_app').on('application_follow_ups').columns(['tenant_id', 'application_id']).execute();
    },
  },
  {
    // The trust level of the sign-in that submitted (for the steering figures; null before, and without an account).
    name: '0512_applications_submitted_trust_level',
    async up(db) {
      await db.schema.alterTable('applications').addColumn('submitted_trust_level', 'text').execute();
    },
  },
];
