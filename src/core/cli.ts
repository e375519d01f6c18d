import { Command as Program, CommanderError, Help, Option } from 'commander';
import type { Command, CommandInput, RunnableCommand } from './module.js';

/** Opens what the commands need (e.g. the database), runs one, and closes it again. */
export type CommandExecutor<C> = (run: (ctx: C) => Promise<number>) => Promise<number>;

export interface CommandLine<C> {
  name: string;
  description: string;
  commands: Record<string, Command<C>>;
  /** Called only when a command runs: help and usage errors open nothing. */
  execute: CommandExecutor<C>;
  /** Where help and usage errors go; stdout and stderr unless a test collects them. */
  output?: { writeOut(text: string): void; writeErr(text: string): void };
}

/** Commander reports these after printing help (or the version); anything else it reports is a usage error. */
const helpCodes = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

/** Usage errors exit with 2, as most command lines do; help exits 0 unless shown for a missing subcommand. */
const usageErrorExitCode = 2;

function isRunnable<C>(command: Command<C>): command is RunnableCommand<C> {
  return 'run' in command;
}

/** Gives commands written for one context to a command line that opens another, e.g. the runtime's `ctx`. */
export function withContext<A, B>(commands: Record<string, Command<A>>, from: (ctx: B) => A): Record<string, Command<B>> {
  return Object.fromEntries(
    Object.entries(commands).map(([name, command]): [string, Command<B>] => [
      name,
      isRunnable(command)
        ? { ...command, run: (ctx: B, input: CommandInput) => command.run(from(ctx), input) }
        : { description: command.description, subcommands: withContext(command.subcommands, from) },
    ]),
  );
}

function addCommand<C>(parent: Program, name: string, command: Command<C>, execute: CommandExecutor<C>, report: (code: number) => void): void {
  // `parent.command()` (not `new Program()`) so the subcommand inherits the output and exit settings.
  const program = parent.command(name).description(command.description);
  if (!isRunnable(command)) {
    for (const [subName, sub] of Object.entries(command.subcommands)) addCommand(program, subName, sub, execute, report);
    return;
  }
  for (const argument of command.arguments ?? []) {
    const name = argument.variadic ? `${argument.name}...` : argument.name;
    program.argument(argument.optional ? `[${name}]` : `<${name}>`, argument.description);
  }
  for (const declared of command.options ?? []) {
    program.addOption(new Option(declared.flags, declared.description).makeOptionMandatory(declared.required ?? false));
  }
  program.action(async (...received: unknown[]) => {
    // Commander passes the declared arguments, then the options, then the command itself.
    // A variadic argument comes as an array: its words follow the others in `args`.
    const args = received.slice(0, command.arguments?.length ?? 0).flatMap((value) => (typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : []));
    const options = program.opts<Record<string, string | undefined>>();
    report(await execute((ctx) => command.run(ctx, { args, options })));
  });
}

/** The commands one types, e.g. `audit verify`, not the groups that hold them. */
function leaves(program: Program): Program[] {
  return program.commands.flatMap((sub) => (sub.commands.length ? leaves(sub) : [sub]));
}

/** A command's words after the program's name, e.g. `forms import-xdf`. */
function path(program: Program): string {
  return program.parent?.parent ? `${path(program.parent)} ${program.name()}` : program.name();
}

/** Help lists every command with its full words and arguments, as `git help` or `npm help` do. */
const helpLayout = {
  visibleCommands: (program: Program) => {
    const ownHelpCommand = new Help().visibleCommands(program).filter((command) => !program.commands.includes(command));
    return [...leaves(program), ...ownHelpCommand];
  },
  subcommandTerm: (command: Program) => new Help().subcommandTerm(command).replace(command.name(), path(command)),
};

/** Builds the parser from the declared commands; `amtsweg help`, `--help` and `help COMMAND` come with it. */
function buildProgram<C>(line: CommandLine<C>, report: (code: number) => void): Program {
  const program = new Program(line.name)
    .description(line.description)
    .allowExcessArguments(false)
    .exitOverride()
    .configureHelp(helpLayout)
    .configureOutput({ ...line.output, outputError: (message, write) => write(`${line.name}: ${message.replace(/^error: /, '')}`) });
  for (const [name, command] of Object.entries(line.commands)) addCommand(program, name, command, line.execute, report);
  return program;
}

/** Parses `argv` (without node and the script), runs the command it names and returns the exit code. */
export async function runCommandLine<C>(line: CommandLine<C>, argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(line, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (helpCodes.has(error.code) && error.exitCode === 0) return 0;
    return usageErrorExitCode;
  }
}
