import { amtswegCommandLine } from '../../src/commands.js';
import { runCommandLine } from '../../src/core/cli.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * Runs `amtsweg <args>` in this process on a test runtime (so on PostgreSQL too), collecting what
 * commander and the command itself print (commands write to process.stdout and process.stderr).
 */
export async function runAmtsweg(runtime: Runtime, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const output = { out: '', err: '' };
  const [writeOut, writeErr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((text: string) => ((output.out += text), true)) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => ((output.err += text), true)) as typeof process.stderr.write;
  try {
    const writes = { writeOut: (text: string) => void (output.out += text), writeErr: (text: string) => void (output.err += text) };
    const code = await runCommandLine({ ...amtswegCommandLine(), execute: (command) => command(runtime), output: writes }, args);
    return { code, ...output };
  } finally {
    [process.stdout.write, process.stderr.write] = [writeOut, writeErr];
  }
}
