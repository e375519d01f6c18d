import { sql } from 'kysely';
import type { Migration } from '../../core/db/index.js';
import './tables.js';
import { reindexAll } from './search/reindex.js';
import type { Executor } from '../../core/db/index.js';
import { aussonderungMigrations } from './aussonderung/tables.js';
import { abgabeMigrations } from './abgabe/tables.js';

/**
 * The E-Akte's tables. The Akte page reads a Vorgang's documents by `(process_id, number)`, the
 * case side finds its Vorgang by `(tenant_id, case_id)`, automatic filing finds its Akte by the
 * formation key, and the records manager's work lists read Akten by state and retention end.
 * Each later step of the module adds its own migration (`08xx_records_…`).
 */
export const recordMigrations: Migration[] = [
  {
    name: '0800_records',
    async up(db) {
      await db.schema
        .createTable('record_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('authority_id', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('valid_from', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_plans_authority').on('record_plans').columns(['tenant_id', 'authority_id']).execute();

      await db.schema
        .createTable('record_plan_units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('record_plans.id'))
        .addColumn('parent_id', 'text')
        .addColumn('kennzeichen', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('retention_years', 'integer')
        .addColumn('disposal', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('retired', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('formation', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_plan_units_kennzeichen').on('record_plan_units').columns(['plan_id', 'kennzeichen']).unique().execute();
      await db.schema.createIndex('record_plan_units_tree').on('record_plan_units').columns(['plan_id', 'parent_id', 'position']).execute();

      await db.schema
        .createTable('record_plan_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addColumn('plan_version', 'integer', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_plan_changes_plan').on('record_plan_changes').columns(['plan_id', 'created_at']).execute();

      await db.schema
        .createTable('record_settings')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('record_plans.id'))
        .addColumn('file_number_pattern', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('handover_target', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_settings_pk', ['tenant_id', 'authority_id'])
        .execute();

      await db.schema
        .createTable('record_file_numbers')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_file_numbers_pk', ['tenant_id', 'authority_id', 'unit_id', 'year'])
        .execute();

      await db.schema
        .createTable('record_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('plan_unit_id', 'text', (c) => c.notNull().references('record_plan_units.id'))
        .addColumn('aktenzeichen', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('formation_key', 'text')
        .addColumn('lead', 'text')
        .addColumn('confidentiality', 'text', (c) => c.notNull())
        .addColumn('remark', 'text')
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('retention_years', 'integer')
        .addColumn('disposal', 'text')
        .addColumn('retention_end', 'text')
        .addColumn('hold_reason', 'text')
        .addColumn('hold_set_at', 'text')
        .addColumn('hold_set_by', 'text')
        .addColumn('disposition_state', 'text', (c) => c.notNull())
        .addColumn('archive_decision', 'text')
        .addColumn('archive_id', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_files_aktenzeichen').on('record_files').columns(['tenant_id', 'aktenzeichen']).unique().execute();
      await db.schema.createIndex('record_files_formation').on('record_files').columns(['tenant_id', 'authority_id', 'plan_unit_id', 'formation_key']).execute();
      await db.schema.createIndex('record_files_disposition').on('record_files').columns(['tenant_id', 'authority_id', 'disposition_state', 'retention_end']).execute();

      await db.schema
        .createTable('record_processes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull().references('record_files.id'))
        .addColumn('case_id', 'text')
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('aktenzeichen', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('lead', 'text')
        .addColumn('confidentiality', 'text', (c) => c.notNull())
        .addColumn('remark', 'text')
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('handover_sent_at', 'text')
        .addColumn('handover_confirmed_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_processes_file').on('record_processes').columns(['file_id', 'number']).unique().execute();
      await db.schema.createIndex('record_processes_case').on('record_processes').columns(['tenant_id', 'case_id']).execute();

      await db.schema
        .createTable('record_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('process_id', 'text', (c) => c.notNull().references('record_processes.id'))
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('document_date', 'text', (c) => c.notNull())
        .addColumn('sender', 'text')
        .addColumn('recipient', 'text')
        .addColumn('source_key', 'text')
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('content_text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_documents_process').on('record_documents').columns(['process_id', 'number']).unique().execute();
      await db.schema.createIndex('record_documents_source').on('record_documents').columns(['process_id', 'source_key']).unique().execute();
      await db.schema.createIndex('record_documents_file').on('record_documents').columns(['file_id']).execute();

      await db.schema
        .createTable('record_document_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('document_id', 'text', (c) => c.notNull().references('record_documents.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_by_id', 'text')
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_document_versions_document').on('record_document_versions').columns(['document_id', 'number']).unique().execute();
      await db.schema.createIndex('record_document_versions_sha256').on('record_document_versions').columns(['sha256']).execute();

      await db.schema
        .createTable('record_access')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_access_file').on('record_access').columns(['tenant_id', 'file_id', 'created_at']).execute();
      await db.schema.createIndex('record_access_actor').on('record_access').columns(['tenant_id', 'actor_id', 'created_at']).execute();

      await db.schema
        .createTable('record_deletions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('aktenzeichen', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('archive_id', 'text')
        .addColumn('deleted_by_id', 'text')
        .addColumn('deleted_by_name', 'text', (c) => c.notNull())
        .addColumn('approved_by_id', 'text')
        .addColumn('approved_by_name', 'text')
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('record_deletions_authority').on('record_deletions').columns(['tenant_id', 'authority_id', 'deleted_at']).execute();
    },
  },
  // records-core (0810–0819)
  {
    // A case has one Vorgang: two filing jobs of the same case running at once cannot both open one.
    name: '0810_records_process_per_case',
    async up(db) {
      await db.schema.dropIndex('record_processes_case').execute();
      await db.schema.createIndex('record_processes_case').on('record_processes').columns(['tenant_id', 'case_id']).unique().execute();
    },
  },
  {
    // One open Akte per filing group (applicant, site, year): two cases of the group filed at the same
    // moment cannot both open the group's first Akte; the filing job takes the other's (insert-or-get).
    name: '0811_records_file_per_group',
    async up(db) {
      await db.schema.dropIndex('record_files_formation').execute();
      await db.schema
        .createIndex('record_files_formation_key')
        .on('record_files')
        .columns(['tenant_id', 'authority_id', 'plan_unit_id', 'formation_key'])
        .unique()
        .where(sql.ref('state'), '=', sql.lit('open'))
        .execute();
    },
  },
  // aussonderung (0830–0839)
  ...aussonderungMigrations,
  // records-search (0840–0844)
  {
    // The search's index of stemmed terms (see search/terms.ts), filled for what is filed already.
    name: '0840_records_search_terms',
    async up(db) {
      await db.schema
        .createTable('record_search_terms')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_search_terms_pk', ['tenant_id', 'term', 'object_id'])
        .execute();
      await db.schema.createIndex('record_search_terms_object').on('record_search_terms').columns(['object_id']).execute();
      await reindexAll(db as Executor);
    },
  },
  {
    // The search lists an authority's Dokumente newest first and stops at a page: read in that order.
    name: '0841_records_documents_by_date',
    async up(db) {
      await db.schema.createIndex('record_documents_date').on('record_documents').columns(['tenant_id', 'authority_id', 'document_date']).execute();
    },
  },
  {
    // The search reads an authority's Dokumente newest first by (date, id): with the id in the index the read stops at the page's end even when many share a date.
    name: '0842_records_documents_by_date_and_id',
    async up(db) {
      await db.schema.dropIndex('record_documents_date').execute();
      await db.schema.createIndex('record_documents_date').on('record_documents').columns(['tenant_id', 'authority_id', 'document_date', 'id']).execute();
    },
  },
  // abgabe (0850–0854)
  ...abgabeMigrations,
];
