import type { Migration } from '../../core/db/index.js';

/**
 * The catalogue's tables. `regions` and `postcodes` are reference data shared by every tenant
 * (an AGS names the same place for everyone); everything else belongs to one tenant.
 */
export const catalogMigrations: Migration[] = [
  {
    name: '0100_catalog_regions',
    async up(db) {
      await db.schema
        .createTable('regions')
        .addColumn('ags', 'text', (c) => c.primaryKey())
        .addColumn('ars', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('designation', 'text', (c) => c.notNull())
        .addColumn('parent_ags', 'text', (c) => c.references('regions.ags'))
        .execute();
      await db.schema.createIndex('regions_parent').on('regions').column('parent_ags').execute();
      await db.schema
        .createTable('postcodes')
        .addColumn('postcode', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('kreis_ags', 'text', (c) => c.notNull().references('regions.ags'))
        .addColumn('latitude', 'real', (c) => c.notNull())
        .addColumn('longitude', 'real', (c) => c.notNull())
        .addPrimaryKeyConstraint('postcodes_pk', ['postcode', 'place'])
        .execute();
      await db.schema
        .createTable('catalog_tenants')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
        .addColumn('land_ags', 'text', (c) => c.notNull().references('regions.ags'))
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seed_hash', 'text')
        .execute();
    },
  },
  {
    name: '0101_catalog_authorities',
    async up(db) {
      await db.schema
        .createTable('authorities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('web', 'text')
        .addColumn('opening_hours', 'text')
        .addColumn('region_ags', 'text', (c) => c.notNull().references('regions.ags'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('authorities_tenant_key', ['tenant_id', 'key'])
        .execute();
      await db.schema.createIndex('authorities_tenant_kind').on('authorities').columns(['tenant_id', 'kind']).execute();
    },
  },
  {
    name: '0102_catalog_services',
    async up(db) {
      await db.schema
        .createTable('lebenslagen')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('descriptions', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('lebenslagen_pk', ['tenant_id', 'key'])
        .execute();
      await db.schema
        .createTable('services')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('leika_key', 'text', (c) => c.notNull())
        .addColumn('typisierung', 'text')
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('lebenslagen', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text')
        .addColumn('ozg_id', 'text')
        .addColumn('themenfeld', 'text')
        .addColumn('popularity', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('released_on', 'text')
        .addColumn('released_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('services_tenant_key', ['tenant_id', 'key'])
        .addUniqueConstraint('services_tenant_procedure', ['tenant_id', 'procedure_key'])
        .execute();
      await db.schema
        .createTable('service_texts')
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('service_texts_pk', ['service_id', 'lang'])
        .execute();
      await db.schema
        .createTable('service_text_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_fields', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addUniqueConstraint('service_text_versions_unique', ['service_id', 'lang', 'version'])
        .execute();
      await db.schema
        .createTable('jurisdictions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
        .addColumn('region_ags', 'text', (c) => c.notNull().references('regions.ags'))
        .addColumn('authority_id', 'text', (c) => c.notNull().references('authorities.id'))
        .addColumn('condition_key', 'text')
        .addColumn('condition_texts', 'text')
        .addUniqueConstraint('jurisdictions_unique', ['service_id', 'region_ags', 'authority_id'])
        .execute();
      await db.schema.createIndex('jurisdictions_lookup').on('jurisdictions').columns(['tenant_id', 'service_id', 'region_ags']).execute();
      await db.schema.createIndex('jurisdictions_authority').on('jurisdictions').columns(['tenant_id', 'authority_id']).execute();
    },
  },
  {
    name: '0103_catalog_edit_history',
    async up(db) {
      // Who edited is kept by name as well: the history must still read well after an account is gone.
      await db.schema.alterTable('service_text_versions').addColumn('actor_name', 'text').execute();
      // The text before the change, so every version can be shown as a diff against its predecessor.
      await db.schema.alterTable('service_text_versions').addColumn('previous_content', 'text').execute();
      await db.schema
        .createTable('jurisdiction_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
        .addColumn('region_ags', 'text', (c) => c.notNull().references('regions.ags'))
        .addColumn('condition_key', 'text')
        .addColumn('previous_authority_id', 'text')
        .addColumn('authority_id', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text')
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jurisdiction_versions_service').on('jurisdiction_versions').columns(['tenant_id', 'service_id', 'changed_at']).execute();
    },
  },
  {
    name: '0104_catalog_leika_skeleton',
    async up(db) {
      // `leika`: an entry of the shipped LeiKa catalogue (information only until the tenant adds its
      // texts, authorities and an online procedure); `tenant`: a service of the tenant's own data.
      await db.schema
        .alterTable('services')
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('tenant'))
        .execute();
      // The OZG-Leistung and OZG-Lebenslage the LeiKa catalogue assigns (beside the existing ozg_id and themenfeld).
      await db.schema.alterTable('services').addColumn('ozg_leistung', 'text').execute();
      await db.schema.alterTable('services').addColumn('ozg_lebenslage', 'text').execute();
      await db.schema.createIndex('services_tenant_leika').on('services').columns(['tenant_id', 'leika_key']).execute();
    },
  },
  {
    // Numbered in the 0880 range given to this change (the 01xx range of the catalogue was full of other work in flight).
    name: '0880_catalog_authority_kinds',
    async up(db) {
      await db.schema
        .createTable('catalog_authority_kinds')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('label_de', 'text', (c) => c.notNull())
        .addColumn('label_en', 'text', (c) => c.notNull())
        .addColumn('staff_accounts', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_authority_kinds_pk', ['tenant_id', 'key'])
        .execute();
    },
  },
];
