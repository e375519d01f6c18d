import type { AmtswegModule } from '../../core/module.js';
import { recordMigrations } from './migrations.js';

/**
 * Electronic records (E-Akte): Aktenplan, Akten, Vorgänge, Dokumente and their versions,
 * retention, and the Aussonderung to the archive in XDOMEA 3.0. Every case is filed as a Vorgang.
 */
export const recordsModule: AmtswegModule = {
  name: 'records',
  migrations: recordMigrations,
};
