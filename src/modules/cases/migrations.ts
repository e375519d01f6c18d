import type { Migration } from '../../core/db/index.js';
import './tables.js';

/**
 * The inbox reads `cases` only (names and Gemeinde are copied in), through two indexes that
 * deliver its rows already in order: by assignee then due date (new / mine / team), and by due
 * date (due soon / overdue, all open) or closing time (closed). Keyset pagination continues on the
 * same order, so page 1 000 costs what page 1 does.
 */
export const caseMigrations: Migration[] = [
  {
    name: '0500_cases',
    async up(db) {
      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('recipient_id', 'text')
        .addColumn('parent_case_id', 'text')
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('procedure_version', 'integer', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_entered_at', 'text', (c) => c.notNull())
        .addColumn('open', 'integer', (c) => c.notNull())
        .addColumn('assignee_account_id', 'text')
        .addColumn('assignee_name', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('processing_deadline', 'text')
        .addColumn('resubmission_date', 'text')
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('clock_suspended_since', 'text')
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('applicant_search', 'text', (c) => c.notNull())
        .addColumn('gemeinde', 'text')
        .addColumn('pending_approval_id', 'text')
        .addColumn('fee_cents', 'integer')
        .addColumn('fee_status', 'text')
        .addColumn('result', 'text')
        .addColumn('result_note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('cases_inbox_assignee').on('cases').columns(['tenant_id', 'authority_id', 'open', 'assignee_account_id', 'due_date', 'id']).execute();
      await db.schema.createIndex('cases_inbox_due').on('cases').columns(['tenant_id', 'authority_id', 'open', 'due_date', 'id']).execute();
      await db.schema.createIndex('cases_inbox_closed').on('cases').columns(['tenant_id', 'authority_id', 'open', 'closed_at', 'id']).execute();
      await db.schema.createIndex('cases_reference').on('cases').columns(['tenant_id', 'reference']).execute();
      await db.schema.createIndex('cases_application').on('cases').columns(['tenant_id', 'application_id']).execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text')
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('case_events_statistics').on('case_events').columns(['tenant_id', 'kind', 'created_at']).execute();

      await db.schema
        .createTable('case_notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('author_account_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_notes_case').on('case_notes').columns(['case_id', 'created_at']).execute();

      await db.schema
        .createTable('case_deadlines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('cleared_at', 'text')
        .execute();
      await db.schema.createIndex('case_deadlines_case').on('case_deadlines').columns(['case_id', 'kind']).execute();

      await db.schema
        .createTable('case_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('pdf_sha256', 'text')
        .addColumn('author_account_id', 'text')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text')
        .addColumn('made_available_at', 'text')
        .execute();
      await db.schema.createIndex('case_documents_case').on('case_documents').columns(['case_id', 'kind', 'version']).unique().execute();

      await db.schema
        .createTable('case_approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('requested_by_type', 'text', (c) => c.notNull())
        .addColumn('requested_by_id', 'text')
        .addColumn('requested_by_name', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decision', 'text')
        .addColumn('decided_by_id', 'text')
        .addColumn('decided_by_name', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('comment', 'text')
        .execute();
      await db.schema.createIndex('case_approvals_case').on('case_approvals').columns(['case_id', 'requested_at']).execute();

      await db.schema
        .createTable('case_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('to_case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('to_authority_id', 'text', (c) => c.notNull())
        .addColumn('question', 'text')
        .addColumn('answer', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .execute();
      await db.schema.createIndex('case_links_from').on('case_links').columns(['from_case_id']).execute();
      await db.schema.createIndex('case_links_to').on('case_links').columns(['to_case_id']).execute();
    },
  },
  {
    name: '0501_cases_search',
    async up(db) {
      // The name search matches a part of the name (LIKE '%…%'), which no B-tree can seek; this
      // index lets it scan the authority's index entries instead of its table rows (2–3× faster).
      await db.schema
        .createIndex('cases_search')
        .on('cases')
        .columns(['tenant_id', 'authority_id', 'open', 'applicant_search', 'assignee_account_id', 'due_date', 'closed_at'])
        .execute();
    },
  },
  {
    name: '0502_cases_team',
    async up(db) {
      // The team a case belongs to (its assignee's, or the one it was routed to): the "my team" tab
      // reads its open cases in due order from this index.
      await db.schema.alterTable('cases').addColumn('team_id', 'text').execute();
      await db.schema.createIndex('cases_inbox_team').on('cases').columns(['tenant_id', 'team_id', 'open', 'due_date', 'id']).execute();
    },
  },
];
