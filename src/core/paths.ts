import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root (the folder with package.json), whether we run from `src/` through tsx or
 * from the compiled `dist/src/`. Shipped files (data, procedures, assets, fonts) are found from here.
 */
function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

export function projectPath(...segments: string[]): string {
  return path.join(projectRoot, ...segments);
}
