import path from 'node:path';
import type { Command } from '../../core/module.js';
import { loadAllPacks, loadPack, ProcedurePackError, type LoadedPack } from './pack.js';
import { publishPack } from './versions.js';
import { UnknownAuthorityKindError } from './authority-kinds.js';

/**
 * `amtsweg procedures check|publish [FOLDER]`: checks the packs under `procedures/` (or one
 * folder); `publish` also stores each changed pack as a new version.
 */
const folderArgument = { name: 'FOLDER', description: 'one pack (default: every pack under procedures/)', optional: true };

function packsIn(folder: string | undefined): LoadedPack[] {
  return folder ? [loadPack(path.resolve(folder))] : loadAllPacks();
}

/** Runs `work` and turns a pack that does not load into one line and exit code 1. */
async function reportingPackErrors(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof ProcedurePackError || error instanceof UnknownAuthorityKindError)) throw error;
    process.stderr.write(`amtsweg procedures: ${error.message}\n`);
    return 1;
  }
}

export const proceduresCommand: Command = {
  description: 'procedure packs',
  subcommands: {
    check: {
      description: 'check procedure packs',
      arguments: [folderArgument],
      run: (_ctx, { args: [folder] }) =>
        reportingPackErrors(async () => {
          for (const pack of packsIn(folder)) process.stdout.write(`${pack.procedure.key}: ok (${pack.contentHash.slice(0, 12)})\n`);
        }),
    },
    publish: {
      description: 'publish each changed pack as a new version',
      arguments: [folderArgument],
      run: (ctx, { args: [folder] }) =>
        reportingPackErrors(async () => {
          for (const pack of packsIn(folder)) {
            const result = await publishPack(ctx, pack);
            process.stdout.write(`${result.key}: version ${result.version}${result.created ? ' published' : ' unchanged'}\n`);
          }
        }),
    },
  },
};
