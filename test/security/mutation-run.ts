// `npm run test:mutation`: the mutation run of the authorization checks (issue #14 item 8). Each
// mutant removes one check from `src/modules` (an `authorize(…)` call, or the condition of an
// `if (…) throw new ForbiddenError`, or one `||` part of such a condition, so a check of two rules
// such as four-eyes' "not the one who asked, not the author" is removed one rule at a time) and runs
// the tests that name the function the check sits in. A mutant no test fails ("survived") runs once
// more against its module's test folder and the authorization matrix. One line per mutant; exits 1
// if any survives. Not part of `npm test`: it runs tests again for every mutant (tens of minutes).
// It edits `src/` in place and restores each file, so it refuses to start on changed sources.
// `npm run test:mutation -- [PART] [--list]`: only files whose path contains PART; list, don't run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from '../architecture/checks.js';

interface Mutant {
  file: string;
  line: number;
  /** What was removed, as the line shows it. */
  removed: string;
  mutated: string;
}

const sourceRoot = 'src/modules';
const matrix = 'test/security/authz-matrix.test.ts';

/** The parts of a condition joined by `||` at the outermost level (one part when there is no such `||`). */
function disjuncts(condition: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < condition.length; i++) {
    const char = condition[i];
    if (char === '(' || char === '{' || char === '[') depth++;
    else if (char === ')' || char === '}' || char === ']') depth--;
    else if (depth === 0 && condition.startsWith('||', i)) {
      parts.push(condition.slice(start, i).trim());
      start = i + 2;
      i++;
    }
  }
  parts.push(condition.slice(start).trim());
  return parts;
}

/** The condition of `if (…)` at the start of a line (after indentation), with the text after it. */
function ifCondition(line: string): { head: string; condition: string; tail: string } | undefined {
  const head = /^\s*if \(/.exec(line)?.[0];
  if (head === undefined) return undefined;
  let depth = 1;
  for (let i = head.length; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return { head, condition: line.slice(head.length, i), tail: line.slice(i) };
  }
  return undefined;
}

function mutantsOf(file: string): Mutant[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const mutants: Mutant[] = [];
  const at = (line: number, mutated: string) => mutants.push({ file, line, removed: (lines[line] ?? '').trim(), mutated });
  lines.forEach((line, index) => {
    if (/^\s*(if \(.*\) )?authorize\(.*\);$/.test(line)) at(index, line.replace(/authorize\(.*\);$/, ';'));
    const parsed = ifCondition(line);
    // `if (…) throw new ForbiddenError(…)` on one line, or `if (…)` alone with the throw on the next.
    const guards = parsed && (/^\) throw new ForbiddenError/.test(parsed.tail) || (parsed.tail === ')' && /^\s*throw new ForbiddenError/.test(lines[index + 1] ?? '')));
    if (!guards) return;
    at(index, `${parsed.head}false${parsed.tail}`);
    const parts = disjuncts(parsed.condition);
    if (parts.length > 1) parts.forEach((_, removedPart) => at(index, `${parsed.head}${parts.filter((__, i) => i !== removedPart).join(' || ')}${parsed.tail}`));
  });
  return mutants;
}

/** The name of the top-level function the line sits in: the nearest unindented `function NAME` or `const NAME =` above it. */
function enclosingFunction(file: string, line: number): string | undefined {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const text of lines.slice(0, line + 1).reverse()) {
    const match = /^(?:export )?(?:async )?function (\w+)|^(?:export )?const (\w+) = /.exec(text);
    if (match) return match[1] ?? match[2];
  }
  return undefined;
}

/** Every test file with its text, read once (each mutant looks for its function's name in them). */
const testFiles = sourceFiles('test')
  .filter(({ file }) => /\.test\.tsx?$/.test(file))
  .sort((a, b) => a.file.localeCompare(b.file));

function narrowTests(mutant: Mutant): string[] {
  const name = enclosingFunction(mutant.file, mutant.line);
  if (!name) return [];
  const word = new RegExp(`\\b${name}\\b`);
  return testFiles.filter(({ text }) => word.test(text)).map(({ file }) => file);
}

function wideTests(mutant: Mutant): string[] {
  // src/modules/<module>/… is tested under test/<module>/.
  const folder = path.join('test', path.relative(sourceRoot, mutant.file).split(path.sep)[0] ?? '');
  return [...testFiles.filter(({ file }) => file.startsWith(`${folder}/`)).map(({ file }) => file), matrix];
}

/** Whether the tests fail (a mutant is killed when they do). */
function testsFail(files: readonly string[]): boolean {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', '--test-timeout=600000', ...files], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'test' },
  });
  return result.status !== 0;
}

/** A mutant must still parse; otherwise the tests would fail for the wrong reason. */
function parses(file: string, text: string): boolean {
  const output = ts.transpileModule(text, { fileName: file, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
  return (output.diagnostics ?? []).length === 0;
}

function withMutant<T>(mutant: Mutant, run: () => T): T {
  const original = fs.readFileSync(mutant.file, 'utf8');
  const lines = original.split('\n');
  lines[mutant.line] = mutant.mutated;
  const text = lines.join('\n');
  if (!parses(mutant.file, text)) throw new Error(`the mutant of ${mutant.file}:${mutant.line + 1} does not parse: ${mutant.mutated.trim()}`);
  // Ctrl-C or a kill while the tests run must not leave the mutant in the source.
  const restoreAndExit = () => {
    fs.writeFileSync(mutant.file, original);
    process.exit(130);
  };
  process.once('SIGINT', restoreAndExit).once('SIGTERM', restoreAndExit);
  fs.writeFileSync(mutant.file, text);
  try {
    return run();
  } finally {
    process.off('SIGINT', restoreAndExit).off('SIGTERM', restoreAndExit);
    fs.writeFileSync(mutant.file, original);
  }
}

const changed = spawnSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).stdout.trim();
if (changed) {
  process.stderr.write(`src/ has uncommitted changes; commit or stash them first:\n${changed}\n`);
  process.exit(2);
}

const listOnly = process.argv.includes('--list');
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const mutants = sourceFiles(sourceRoot)
  .map(({ file }) => file)
  .filter((file) => !only || file.includes(only))
  .sort()
  .flatMap(mutantsOf);
process.stdout.write(`${mutants.length} mutants of the authorization checks in ${sourceRoot}${only ? ` (files matching ${only})` : ''}\n`);

if (listOnly) {
  for (const mutant of mutants) process.stdout.write(`${mutant.file}:${mutant.line + 1}  ${mutant.mutated.trim()}\n`);
  process.exit(0);
}

const started = Date.now();
let survived = 0;
for (const mutant of mutants) {
  const narrow = narrowTests(mutant);
  const where = `${mutant.file}:${mutant.line + 1}`;
  let verdict: string;
  if (narrow.length && withMutant(mutant, () => testsFail(narrow))) verdict = `killed by ${narrow.length} file(s) naming ${enclosingFunction(mutant.file, mutant.line)}`;
  else if (withMutant(mutant, () => testsFail(wideTests(mutant)))) verdict = 'killed by the module tests or the authorization matrix';
  else {
    verdict = 'SURVIVED';
    survived++;
  }
  process.stdout.write(`${verdict.padEnd(60)} ${where}  −  ${mutant.removed}  →  ${mutant.mutated.trim()}\n`);
}
process.stdout.write(`${mutants.length - survived} of ${mutants.length} killed, ${survived} survived, in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(survived ? 1 : 0);
