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
];

export interface ProcedureVersionTable {
  procedure_key: string;
  version: number;
  content_hash: string;
  procedure_json: string;
  form_json: string;
  published_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    procedure_versions: ProcedureVersionTable;
  }
}
