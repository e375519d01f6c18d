import { createAuditTables } from './audit/index.js';
import { createBlobsTable } from './blobs/index.js';
import type { Migration } from './db/index.js';
import { addJobLeaseToken, createJobsTable } from './jobs/index.js';
import { addTenantMailFrom, addTenantSettings, addTenantSettingsOwner, createTenantsTable } from './tenancy.js';

/** The kernel's own tables, in order. Modules' migrations follow (see src/modules/index.ts). */
export const coreMigrations: Migration[] = [
  { name: '0000_core_tenants', up: (db) => createTenantsTable(db) },
  { name: '0001_core_audit', up: (db) => createAuditTables(db) },
  { name: '0002_core_jobs', up: (db) => createJobsTable(db) },
  { name: '0003_core_blobs', up: (db, dialect) => createBlobsTable(db, dialect) },
  { name: '0004_core_jobs_lease_token', up: (db) => addJobLeaseToken(db) },
  { name: '0005_core_tenant_settings', up: (db) => addTenantSettings(db) },
  { name: '0006_core_tenant_settings_owner', up: (db) => addTenantSettingsOwner(db) },
  { name: '0898_core_tenant_mail_from', up: (db) => addTenantMailFrom(db) },
];
