import type { AmtswegModule } from '../../core/module.js';
import { seedDemo } from './seed.js';

/**
 * Demo data of the procedure packs (`procedures/<key>/demo.json`): calls and applications in
 * several states, seeded with DEMO_DATA. Last in the module order: it uses the applications,
 * cases and calls modules' own functions, like a person would.
 */
export const demoModule: AmtswegModule = {
  name: 'demo',
  dependsOn: ['catalog', 'identity', 'procedures', 'applications', 'cases', 'calls', 'records', 'records-plan'],
  seed: seedDemo,
};

export { seedDemoData } from './seed.js';
