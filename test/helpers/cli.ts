import { amtswegCommandLine } from '../../src/commands.js';
import { runCommandLine } from '../../src/core/cli.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * Runs `amtsweg <args>` in this process on a test runtime (so on PostgreSQL too), collecting what
 * commander prints (help, usage errors). What a command itself prints goes to this process's
 * stdout and stderr, which the test runner reads too, so it is not captured: tests check exit
 * codes and effects here, and the printed lines through the real CLI in a child process.
 */
export async function runAmtsweg(runtime: Runtime, args: string[]): Promise<{ code: number; usage: string }> {
  let usage = '';
  const writes = { writeOut: (text: string) => void (usage += text), writeErr: (text: string) => void (usage += text) };
  const code = await runCommandLine({ ...amtswegCommandLine(), execute: (command) => command(runtime), output: writes }, args);
  return { code, usage };
}
