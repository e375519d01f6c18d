import type { Migration } from '../../core/db/index.js';

/**
 * Teams (Sachgebiete, Referate) inside an authority. A staff member belongs to a team through
 * their membership at that authority (`memberships.team_id`): the case worker's membership puts
 * them in the team, the team lead's makes them lead of it.
 */
export const teamsMigration: Migration = {
  name: '0220_identity_teams',
  async up(db) {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('authority_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('teams_authority_name', ['tenant_id', 'authority_id', 'name'])
      .execute();
    await db.schema
      .alterTable('memberships')
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .execute();
    // The people of an authority (whom a team lead may assign to) and the members of a team.
    await db.schema.createIndex('memberships_authority').on('memberships').columns(['tenant_id', 'authority_id']).execute();
    await db.schema.createIndex('memberships_team').on('memberships').columns(['tenant_id', 'team_id']).execute();
  },
};
