import fs from 'node:fs';
import path from 'node:path';

/** Helpers of the architecture checks. */

/** Every TypeScript source file under `dir` (no declaration files), with `/` paths and its text. */
export function sourceFiles(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [{ file: full.split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') }] : [];
  });
}

/** The module a source path belongs to: `core`, `web`, the folder under src/modules, or undefined outside src. */
export function moduleOf(path: string): string | undefined {
  const match = /^src\/(?:modules\/([^/]+)|(core|web))\//.exec(path);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Every strongly connected component of more than one node (Tarjan), each as its sorted names. */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The tables a source text names in a query builder call (from, into, update, delete, joins, CTEs). */
export function queriedTables(text: string): string[] {
  return [...text.matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom|(?:inner|left|right|full)Join|replaceInto|mergeInto)\(\s*\[?\s*'([a-z_]+)/g)].map((m) => m[1]!);
}
