import type { Migration } from '../../core/db/index.js';

/**
 * Published procedure versions. Procedures are shared by every tenant ("Einer für Alle"); which
 * authority receives an application is decided per tenant by its catalogue.
 */
export const procedureMigrations: Migration[] = [
  {
    name: '0500_procedures_versions',
    async up(db) {
      await db.schema
        .createTable('procedure_versions')
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('procedure_json', 'text', (c) => c.notNull())
        .addColumn('form_json', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('procedure_versions_pk', ['procedure_key', 'version'])
        .addUniqueConstraint('procedure_versions_hash', ['procedure_key', 'content_hash'])
        .execute();
    },
  },
  {
    // A workflow change is a new version too: running cases keep the workflow they started with.
    // Null in versions published before; the next publish fills them in (see publishPack).
    name: '0501_procedures_workflow',
    async up(db) {
      await db.schema.alterTable('procedure_versions').addColumn('workflow_json', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('templates_json', 'text').execute();
    },
  },
  {
    // The studio (docs/studio.md): a version is a draft, in review, published or retired. Every
    // version stored before was published. `demo_json` keeps a pack's demo.json for the round trip
    // (not part of the content hash). Who submitted and who approved, for the four-eyes rule.
    name: '0503_procedures_states',
    async up(db) {
      await db.schema
        .alterTable('procedure_versions')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('published'))
        .execute();
      await db.schema.alterTable('procedure_versions').addColumn('demo_json', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('submitted_by', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('submitted_at', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('submitted_by_name', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('approved_by', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('approved_by_name', 'text').execute();
      await db.schema.alterTable('procedure_versions').addColumn('retired_at', 'text').execute();
    },
  },
  {
    // The studio's working copy ("Arbeitsstand", docs/studio.md): the editable content of one
    // procedure, kept apart from its versions, which never change. One per procedure, held by the
    // tenant that maintains it; `revision` counts the changes (optimistic locking).
    name: '0504_procedures_working_copies',
    async up(db) {
      await db.schema
        .createTable('procedure_working_copies')
        .addColumn('procedure_key', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('procedure_json', 'text', (c) => c.notNull())
        .addColumn('form_json', 'text', (c) => c.notNull())
        .addColumn('workflow_json', 'text')
        .addColumn('templates_json', 'text', (c) => c.notNull())
        .addColumn('based_on_version', 'integer')
        .addColumn('changed_by', 'text')
        .addColumn('changed_by_name', 'text')
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
];

/** Where a version stands: only `published` versions take new applications (the newest of them). */
export type VersionState = 'draft' | 'inReview' | 'published' | 'retired';

export interface ProcedureVersionTable {
  procedure_key: string;
  version: number;
  content_hash: string;
  procedure_json: string;
  form_json: string;
  published_at: string;
  workflow_json: string | null;
  templates_json: string | null;
  /** `published_at` is when the version was stored while it is a draft or in review, and when it was published after. */
  state: VersionState;
  demo_json: string | null;
  submitted_by: string | null;
  submitted_at: string | null;
  /** Account ids (for the four-eyes rule) and names (for the studio's pages) of who submitted and who approved. */
  submitted_by_name: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  retired_at: string | null;
}

export interface WorkingCopyTable {
  procedure_key: string;
  tenant_id: string;
  revision: number;
  procedure_json: string;
  form_json: string;
  workflow_json: string | null;
  templates_json: string;
  /** The version it was copied from or last saved as (null: created for a catalogue service and not saved yet). */
  based_on_version: number | null;
  changed_by: string | null;
  changed_by_name: string | null;
  changed_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    procedure_versions: ProcedureVersionTable;
    procedure_working_copies: WorkingCopyTable;
  }
}
