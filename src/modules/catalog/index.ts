import type { AmtswegModule } from '../../core/module.js';
import { catalogMigrations } from './migrations.js';
import { seedCatalog } from './seed.js';

export const catalogModule: AmtswegModule = {
  name: 'catalog',
  migrations: catalogMigrations,
  seed: seedCatalog,
};
