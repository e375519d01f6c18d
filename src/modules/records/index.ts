import type { AmtswegModule } from '../../core/module.js';
import { filingJobs } from './files/filing.js';
import { recordMigrations } from './migrations.js';

/**
 * Electronic records (E-Akte): Aktenplan, Akten, Vorgänge, Dokumente and their versions,
 * retention, and the Aussonderung to the archive in XDOMEA 3.0. Every case is filed as a Vorgang.
 */
export const recordsModule: AmtswegModule = {
  name: 'records',
  migrations: recordMigrations,
  // records-core: automatic filing of cases (files/filing.ts)
  jobs: { ...filingJobs },
};
