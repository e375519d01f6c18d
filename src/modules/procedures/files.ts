import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../core/context.js';
import { currentProcedureVersion, getProcedureVersion, listVersions, versionDemoDocument, versionFormDocument } from './versions.js';

/**
 * The files round trip: a stored version written back as the pack folder the repository uses
 * (`amtsweg procedures export`), and the check that a folder is a pack before it is imported.
 * Files are written as `JSON.stringify(value, null, 2)` and a newline, in the order the keys were
 * stored, which is how the shipped packs are written; templates byte for byte as stored.
 */

/** One line for the command line: an unknown key or version, a folder that is not a pack, a target that is not empty. */
export class PackFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackFilesError';
  }
}

/** The refusal for a version that is not stored: names the versions there are, or that the procedure is unknown. */
export async function missingVersionError(ctx: Pick<AppContext, 'db'>, key: string, version: number): Promise<PackFilesError> {
  const known = (await listVersions(ctx, key)).map((v) => v.version);
  return new PackFilesError(known.length ? `procedure "${key}" has no version ${version} (it has ${known.join(', ')})` : `there is no procedure "${key}"`);
}

/** A version number typed on the command line (`what` names it in the refusal, e.g. `--version`). */
export function versionNumberArgument(text: string, what: string): number {
  const number = Number(text);
  if (!(Number.isInteger(number) && number > 0)) throw new PackFilesError(`${what} must be a version number, not "${text}"`);
  return number;
}

/** The files of a pack folder: relative path → content. */
export type PackFiles = Record<string, string>;

const jsonFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The stored version's files (`version` omitted: the newest published one, or the newest of any state when none is published). */
export async function packFilesOf(ctx: Pick<AppContext, 'db'>, key: string, version?: number): Promise<{ version: number; files: PackFiles }> {
  let number = version;
  if (number === undefined) {
    const versions = await listVersions(ctx, key);
    if (versions.length === 0) throw new PackFilesError(`there is no procedure "${key}"`);
    number = (await currentProcedureVersion(ctx, key))?.version ?? versions.at(-1)!.version;
  }
  const stored = await getProcedureVersion(ctx, key, number);
  if (!stored) throw await missingVersionError(ctx, key, number);
  const files: PackFiles = { 'procedure.json': jsonFile(stored.procedure), 'form.json': jsonFile(await versionFormDocument(ctx, key, number)) };
  if (stored.workflowDocument !== null) files['workflow.json'] = jsonFile(stored.workflowDocument);
  for (const [name, text] of Object.entries(stored.templates)) files[`templates/${name}`] = text;
  const demo = await versionDemoDocument(ctx, key, number);
  if (demo !== null) files['demo.json'] = jsonFile(demo);
  return { version: number, files };
}

/** Writes a pack's files into `dir`, which must not exist or be empty. */
export function writePackFolder(dir: string, files: PackFiles): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new PackFilesError(`${dir} exists and is not a folder`);
    if (fs.readdirSync(dir).length > 0) throw new PackFilesError(`${dir} is not empty; export into a new or empty folder`);
  }
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Refuses, in one line, a path that is not a pack folder (before the pack's own checks, which list every problem). */
export function checkPackFolder(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PackFilesError(`${dir} is not a folder`);
  if (!fs.existsSync(path.join(dir, 'procedure.json'))) throw new PackFilesError(`${dir} is not a procedure pack folder (it has no procedure.json)`);
}
