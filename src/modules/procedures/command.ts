import path from 'node:path';
import type { Command } from '../../core/module.js';
import { loadAllPacks, loadPack, ProcedurePackError } from './pack.js';
import { publishPack } from './versions.js';

/**
 * `amtsweg procedures check|publish [FOLDER]`: checks the packs under `procedures/` (or one
 * folder); `publish` also stores each changed pack as a new version.
 */
export const proceduresCommand: Command = {
  usage: 'procedures check|publish [FOLDER]',
  description: 'check procedure packs, or publish each changed pack as a new version',
  async run(ctx, args) {
    const [subcommand, folder] = args;
    if (subcommand !== 'check' && subcommand !== 'publish') {
      process.stderr.write(`usage: amtsweg ${this.usage}\n`);
      return 2;
    }
    try {
      const packs = folder ? [loadPack(path.resolve(folder))] : loadAllPacks();
      for (const pack of packs) {
        if (subcommand === 'check') {
          process.stdout.write(`${pack.procedure.key}: ok (${pack.contentHash.slice(0, 12)})\n`);
          continue;
        }
        const result = await publishPack(ctx, pack);
        process.stdout.write(`${result.key}: version ${result.version}${result.created ? ' published' : ' unchanged'}\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof ProcedurePackError) {
        process.stderr.write(`amtsweg procedures: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
