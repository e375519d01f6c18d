import path from 'node:path';
import type { Command } from '../../core/module.js';
import { loadAllPacks, loadPack, ProcedurePackError, type LoadedPack } from './pack.js';
import { UnknownAuthorityKindError } from './authority-kinds.js';
import { diffAsText, diffStoredVersions } from './diff.js';
import { missingVersionError, PackFilesError, packFilesOf, versionNumberArgument, writePackFolder } from './files.js';
import { listVersions, publishPack } from './versions.js';

/**
 * `amtsweg procedures check|publish [FOLDER]`: checks the packs under `procedures/` (or one
 * folder); `publish` also stores each changed pack as a new version. `export KEY DIR` writes a
 * stored version as a pack folder (`import DIR` is in src/commands.ts: it checks the workflow too);
 * `diff KEY FROM TO` prints what changed between two stored versions.
 */
const folderArgument = { name: 'FOLDER', description: 'one pack (default: every pack under procedures/)', optional: true };

function packsIn(folder: string | undefined): LoadedPack[] {
  return folder ? [loadPack(path.resolve(folder))] : loadAllPacks();
}

/** Runs `work` and turns a pack that does not load (or a missing key, version or folder) into its message and exit code 1. */
export async function reportingPackErrors(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof ProcedurePackError || error instanceof UnknownAuthorityKindError || error instanceof PackFilesError)) throw error;
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
    export: {
      description: 'write a stored version as a pack folder (default: the version new applications use)',
      arguments: [
        { name: 'KEY', description: 'the procedure' },
        { name: 'DIR', description: 'a new or empty folder' },
      ],
      options: [{ flags: '--version <n>', description: 'the version number' }],
      run: (ctx, { args: [key, dir], options }) =>
        reportingPackErrors(async () => {
          const wanted = options.version === undefined ? undefined : versionNumberArgument(options.version, '--version');
          const { version, files } = await packFilesOf(ctx, key!, wanted);
          writePackFolder(path.resolve(dir!), files);
          process.stdout.write(`${key}: version ${version} written to ${dir} (${Object.keys(files).length} files)\n`);
        }),
    },
    diff: {
      description: 'print the differences between two stored versions, as the studio shows them before publishing',
      arguments: [
        { name: 'KEY', description: 'the procedure' },
        { name: 'FROM', description: 'the older version number' },
        { name: 'TO', description: 'the newer version number' },
      ],
      run: (ctx, { args: [key, from, to] }) =>
        reportingPackErrors(async () => {
          const [older, newer] = [versionNumberArgument(from!, 'FROM'), versionNumberArgument(to!, 'TO')];
          const entries = await diffStoredVersions(ctx, key!, older, newer);
          if (!entries) {
            const stored = new Set((await listVersions(ctx, key!)).map((v) => v.version));
            throw await missingVersionError(ctx, key!, stored.has(older) ? newer : older);
          }
          process.stdout.write(diffAsText(entries));
        }),
    },
  },
};
